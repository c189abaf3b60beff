package io.backupgen.schedule;

import io.backupgen.kube.KubeValues;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob's schedule in its time zone, with the runs Kubernetes' CronJob controller would start:
 * the expression is checked with {@link KubeValues#cron} (the API server's dialect) and stepped as
 * the controller steps it (robfig/cron v3, see {@link SpecSchedule} for the daylight-saving rules).
 *
 * <pre>{@code
 * CronSchedule s = CronSchedule.kubernetes("30 2 * * *", "Europe/Berlin");
 * List<ZonedDateTime> next = s.firstRuns(Instant.now(), 5);
 * Optional<Gap> worst = s.longestGap(Instant.now()); // over a full year, DST and month lengths included
 * }</pre>
 */
public final class CronSchedule {
    private static final Pattern TZ_PREFIX = Pattern.compile("^(?:CRON_TZ|TZ)=(\\S+)\\s+(.*)$");
    private static final Pattern EVERY = Pattern.compile("@every\\s+(.+)");
    private static final Pattern GO_DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?)(ns|us|µs|ms|s|m|h)");

    private final String expression;
    private final ZoneId zone;
    private final SpecSchedule spec; // null for @every
    private final long everySeconds;

    private CronSchedule(String expression, ZoneId zone, SpecSchedule spec, long everySeconds) {
        this.expression = expression;
        this.zone = zone;
        this.spec = spec;
        this.everySeconds = everySeconds;
    }

    /**
     * A CronJob's {@code spec.schedule} and {@code spec.timeZone}. A null or empty time zone means
     * the controller's own zone, which on every managed control plane is UTC; a {@code TZ=} prefix
     * in the schedule (not officially supported, but honoured by the controller) names the zone then.
     *
     * @throws IllegalArgumentException with the API server's reason when the schedule is invalid
     */
    public static CronSchedule kubernetes(String schedule, String timeZone) {
        boolean hasZone = timeZone != null && !timeZone.isEmpty();
        KubeValues.cron(schedule, hasZone).filter(KubeValues.CronProblem::error).ifPresent(p -> {
            throw new IllegalArgumentException(p.message());
        });
        if (hasZone) {
            KubeValues.timeZoneProblem(timeZone).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
        }
        String expr = schedule.strip();
        ZoneId zone = ZoneId.of(hasZone ? timeZone : "UTC");
        Matcher tz = TZ_PREFIX.matcher(expr);
        if (tz.matches()) {
            zone = ZoneId.of(tz.group(1));
            expr = tz.group(2).strip();
        }
        Matcher every = EVERY.matcher(expr);
        if (every.matches()) {
            return new CronSchedule(schedule, zone, null, everySeconds(every.group(1).strip()));
        }
        return new CronSchedule(schedule, zone, SpecSchedule.parse(expr, zone), 0);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * The first run strictly after {@code after} (robfig {@code Next}); empty when the expression
     * names no time in the next five years (e.g. "0 0 30 2 *"), which the controller never runs.
     * For {@code @every D} it is {@code after + D}: the controller counts from the CronJob's
     * creation or its last scheduled run.
     */
    public Optional<Instant> next(Instant after) {
        long t = nextSecond(after.getEpochSecond());
        return t == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochSecond(t));
    }

    /** The runs in {@code [from, until)}, in the schedule's zone. For {@code @every}, counted from {@code from}. */
    public List<ZonedDateTime> runs(Instant from, Instant until) {
        List<ZonedDateTime> out = new ArrayList<>();
        long end = until.getEpochSecond();
        for (long t = first(from); t != Long.MIN_VALUE && t < end; t = nextSecond(t)) {
            out.add(Instant.ofEpochSecond(t).atZone(zone));
        }
        return out;
    }

    /** The first {@code count} runs at or after {@code from}. */
    public List<ZonedDateTime> firstRuns(Instant from, int count) {
        List<ZonedDateTime> out = new ArrayList<>();
        for (long t = first(from); t != Long.MIN_VALUE && out.size() < count; t = nextSecond(t)) {
            out.add(Instant.ofEpochSecond(t).atZone(zone));
        }
        return out;
    }

    /**
     * The longest time between two consecutive runs over a full year from {@code from}: the runs
     * in {@code [from, from + 1 year]} and the first one after that, so a yearly or leap-day
     * schedule still yields its gap. Daylight-saving switches (a skipped run in spring, a run
     * twice in autumn) and month lengths are included because the runs are the controller's.
     * Empty when fewer than two runs fall within five years (the schedule never runs).
     * This is the figure an alert on "no backup for too long" must tolerate.
     */
    public Optional<Gap> longestGap(Instant from) {
        long end = yearAfter(from);
        long prev = first(from);
        if (prev == Long.MIN_VALUE) {
            return Optional.empty();
        }
        long bestFrom = 0;
        long bestTo = 0;
        boolean found = false;
        while (true) {
            long t = nextSecond(prev);
            if (t == Long.MIN_VALUE) {
                break;
            }
            if (!found || t - prev > bestTo - bestFrom) {
                bestFrom = prev;
                bestTo = t;
                found = true;
            }
            if (t > end) {
                break;
            }
            prev = t;
        }
        return found ? Optional.of(new Gap(Instant.ofEpochSecond(bestFrom).atZone(zone),
                Instant.ofEpochSecond(bestTo).atZone(zone))) : Optional.empty();
    }

    /**
     * The local days in {@code [from, until)} on which a daylight-saving switch changes what the
     * expression says: wall-clock times it names that are skipped, or that run twice.
     */
    public List<DstEffect> dstEffects(Instant from, Instant until) {
        List<DstEffect> out = new ArrayList<>();
        if (spec == null) {
            return out; // @every counts absolute time: no wall clock involved
        }
        ZoneOffsetTransition tr = zone.getRules().nextTransition(from.minusSeconds(1));
        while (tr != null && tr.getInstant().isBefore(until)) {
            LocalDate day = tr.getDateTimeBefore().toLocalDate();
            dstEffect(day).ifPresent(out::add);
            LocalDate after = tr.getDateTimeAfter().toLocalDate();
            if (!after.equals(day)) {
                dstEffect(after).ifPresent(out::add);
            }
            tr = zone.getRules().nextTransition(tr.getInstant());
        }
        return out;
    }

    private Optional<DstEffect> dstEffect(LocalDate day) {
        Instant start = day.atStartOfDay(zone).toInstant().minus(Duration.ofHours(3));
        Instant end = day.plusDays(1).atStartOfDay(zone).toInstant().plus(Duration.ofHours(3));
        Map<LocalTime, Integer> actual = new LinkedHashMap<>();
        for (ZonedDateTime r : runs(start, end)) {
            if (r.toLocalDate().equals(day)) {
                actual.merge(r.toLocalTime(), 1, Integer::sum);
            }
        }
        List<LocalTime> skipped = new ArrayList<>();
        for (int m = 0; m < 24 * 60; m++) {
            LocalDateTime l = day.atStartOfDay().plusMinutes(m);
            if (spec.matchesLocal(l) && !actual.containsKey(l.toLocalTime())) {
                skipped.add(l.toLocalTime());
            }
        }
        List<LocalTime> twice = actual.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        return skipped.isEmpty() && twice.isEmpty() ? Optional.empty()
                : Optional.of(new DstEffect(day, List.copyOf(skipped), twice));
    }

    private long first(Instant from) {
        long f = from.getEpochSecond();
        return spec == null ? f + everySeconds : nextSecond(f - 1);
    }

    private long nextSecond(long t) {
        return spec == null ? t + everySeconds : spec.next(t);
    }

    private long yearAfter(Instant from) {
        return from.atZone(zone).plusYears(1).toEpochSecond();
    }

    /**
     * robfig {@code Every}: Go's duration, rounded down to whole seconds, at least one second.
     */
    static long everySeconds(String goDuration) {
        Matcher m = GO_DURATION_PART.matcher(goDuration);
        double nanos = 0;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) {
                throw new IllegalArgumentException("not a duration: " + goDuration);
            }
            pos = m.end();
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        if (pos != goDuration.length() || pos == 0) {
            throw new IllegalArgumentException("not a duration: " + goDuration);
        }
        return Math.max(1, (long) Math.floor(nanos / 1e9));
    }
}
