package io.backupgen.schedule;

import java.util.Locale;
import java.util.Map;

/**
 * One field of a cron expression as robfig/cron v3 (the library Kubernetes' CronJob controller
 * schedules with) reads it: a comma-separated list of {@code *}, {@code ?}, {@code N}, {@code N-M},
 * each optionally {@code /STEP}, numbers or (for month and day of week) three-letter names.
 *
 * <p>Mirrors robfig/cron v3 {@code parser.go} {@code getField}/{@code getRange}: "N/STEP" means
 * "N-max/STEP", and a field is "starred" (its set is "any", which changes how day-of-month and
 * day-of-week combine, see {@link SpecSchedule}) when a range is {@code *} or {@code ?} without a
 * step greater than 1 ({@code *}{@code /2} is not starred).
 */
record CronFields(long bits, boolean star) {
    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
            Map.entry("dec", 12));
    static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5,
            "sat", 6);

    /** The bounds of each field, as robfig's {@code bounds} values. */
    enum Kind {
        MINUTE(0, 59, Map.of()), HOUR(0, 23, Map.of()), DOM(1, 31, Map.of()), MONTH(1, 12, MONTHS),
        DOW(0, 6, DAYS);

        final int min;
        final int max;
        final Map<String, Integer> names;

        Kind(int min, int max, Map<String, Integer> names) {
            this.min = min;
            this.max = max;
            this.names = names;
        }
    }

    boolean has(int value) {
        return (bits & (1L << value)) != 0;
    }

    static CronFields all(Kind k) {
        return new CronFields(range(k.min, k.max, 1), true);
    }

    static CronFields only(int value) {
        return new CronFields(1L << value, false);
    }

    static CronFields parse(String field, Kind k) {
        long bits = 0;
        boolean star = false;
        for (String expr : field.split(",")) {
            if (expr.isEmpty()) {
                continue; // strings.FieldsFunc drops empty items
            }
            String[] rangeAndStep = expr.split("/", -1);
            String[] lowAndHigh = rangeAndStep[0].split("-", -1);
            int start;
            int end;
            boolean extraStar = false;
            if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
                start = k.min;
                end = k.max;
                extraStar = true;
            } else {
                start = number(lowAndHigh[0], k, expr);
                if (lowAndHigh.length == 1) {
                    end = start;
                } else if (lowAndHigh.length == 2) {
                    end = number(lowAndHigh[1], k, expr);
                } else {
                    throw new IllegalArgumentException("too many hyphens: " + expr);
                }
            }
            int step = 1;
            if (rangeAndStep.length == 2) {
                step = number(rangeAndStep[1], null, expr);
                if (lowAndHigh.length == 1) {
                    end = k.max; // "N/step" means "N-max/step"
                }
                if (step > 1) {
                    extraStar = false;
                }
            } else if (rangeAndStep.length > 2) {
                throw new IllegalArgumentException("too many slashes: " + expr);
            }
            if (start < k.min) {
                throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + k.min + "): " + expr);
            }
            if (end > k.max) {
                throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + k.max + "): " + expr);
            }
            if (start > end) {
                throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + expr);
            }
            if (step == 0) {
                throw new IllegalArgumentException("step of range should be a positive number: " + expr);
            }
            bits |= range(start, end, step);
            star |= extraStar;
        }
        return new CronFields(bits, star);
    }

    private static int number(String s, Kind k, String expr) {
        if (k != null) {
            Integer named = k.names.get(s.toLowerCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
        }
        if (!s.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException("failed to parse int from " + s + " in " + expr);
        }
        return Integer.parseInt(s);
    }

    private static long range(int min, int max, int step) {
        long bits = 0;
        for (int i = min; i <= max; i += step) {
            bits |= 1L << i;
        }
        return bits;
    }
}
