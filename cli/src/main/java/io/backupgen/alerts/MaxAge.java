package io.backupgen.alerts;

import io.backupgen.schedule.CronSchedule;
import io.backupgen.schedule.Gap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How old a job's last success may be while its CronJob is healthy: the one number behind the
 * "too old" alert, the verification's staleness check, the promtool tests and the README.
 *
 * <p>A healthy run scheduled at slot S finishes by S + startingDeadlineSeconds (the latest the
 * controller still starts it) + activeDeadlineSeconds (the latest Kubernetes lets the Job run, all
 * retries included). The previous run finished no earlier than its own slot, at most the longest gap
 * G before S. So while every run succeeds, the time since the last success never exceeds
 * G + startingDeadlineSeconds + activeDeadlineSeconds; the margin covers scrape and
 * kube-state-metrics delay. Anything older means a run was missed or failed.
 *
 * <p>G is the longest gap between consecutive runs, as the CronJob controller schedules them in the
 * schedule's time zone ({@link CronSchedule#longestGap}): daylight-saving switches (a 02:30 run
 * skipped in spring makes a 48-hour gap) and month lengths (a monthly tier's 31-day months) included.
 * It is the longest over each of the years {@link #FIRST_YEAR}..{@link #FIRST_YEAR}+3, a leap-year
 * cycle, from a fixed start so the same spec always renders the same thresholds.
 *
 * <p>While no Job of the CronJob is running, a run that was due has not even started, so the
 * activeDeadlineSeconds allowance is not needed: {@link #idleSeconds} (gap + startingDeadlineSeconds +
 * margin) applies then, which reports a missed night minutes after its start deadline instead of an
 * hour later.
 *
 * @param gap         the longest gap found, with the two runs that bound it
 * @param seconds     the threshold: gap + startingDeadlineSeconds + activeDeadlineSeconds + margin
 * @param idleSeconds the threshold while no Job runs: gap + startingDeadlineSeconds + margin
 * @param filedAs     "weekly"/"monthly" for a tier one-dump mode files from {@code schedule}'s dumps; empty otherwise
 */
public record MaxAge(String schedule, String timeZone, Gap gap, int startingDeadlineSeconds,
                     int activeDeadlineSeconds, int marginSeconds, long seconds, long idleSeconds, String filedAs) {
    static final int FIRST_YEAR = 2025;
    private static final Map<String, Optional<Gap>> GAPS = new ConcurrentHashMap<>();

    /** Empty when the schedule never runs (no two runs in five years), so no age can be "too old". */
    public static Optional<MaxAge> of(String schedule, String timeZone, int startingDeadlineSeconds,
                                      int activeDeadlineSeconds, int marginSeconds) {
        return longestGap(schedule, timeZone).map(g -> new MaxAge(schedule, timeZone, g, startingDeadlineSeconds,
                activeDeadlineSeconds, marginSeconds,
                g.length().toSeconds() + startingDeadlineSeconds + activeDeadlineSeconds + marginSeconds,
                g.length().toSeconds() + startingDeadlineSeconds + marginSeconds, ""));
    }

    /**
     * A tier that one-dump mode files from another job's dumps ({@code tiers.mode: single}): backup.sh
     * files the first dump of each ISO week (weekly) or calendar month (monthly), in UTC, so the gap is
     * the longest between the first runs of consecutive periods; the deadlines are the dumping job's.
     *
     * @param tier "weekly" or "monthly"
     */
    public static Optional<MaxAge> filed(String tier, String schedule, String timeZone, int startingDeadlineSeconds,
                                         int activeDeadlineSeconds, int marginSeconds) {
        return GAPS.computeIfAbsent(tier + "\u0000" + schedule + "\u0000" + timeZone, k -> filedGap(tier, schedule,
                timeZone)).map(g -> new MaxAge(schedule, timeZone, g, startingDeadlineSeconds, activeDeadlineSeconds,
                marginSeconds, g.length().toSeconds() + startingDeadlineSeconds + activeDeadlineSeconds + marginSeconds,
                g.length().toSeconds() + startingDeadlineSeconds + marginSeconds, tier));
    }

    private static Optional<Gap> filedGap(String tier, String schedule, String timeZone) {
        CronSchedule s = CronSchedule.kubernetes(schedule, timeZone);
        Instant from = ZonedDateTime.of(FIRST_YEAR, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        Instant until = ZonedDateTime.of(FIRST_YEAR + 4, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
        java.time.ZonedDateTime prev = null;
        Object prevPeriod = null;
        Gap best = null;
        for (java.time.ZonedDateTime run : s.runs(from, until)) {
            java.time.ZonedDateTime utc = run.withZoneSameInstant(ZoneOffset.UTC);
            Object period = tier.equals("weekly")
                    ? utc.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR) * 100
                            + utc.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR)
                    : java.time.YearMonth.from(utc);
            if (period.equals(prevPeriod)) {
                continue;
            }
            if (prev != null && (best == null || java.time.Duration.between(prev, run).compareTo(best.length()) > 0)) {
                best = new Gap(prev, run);
            }
            prev = run;
            prevPeriod = period;
        }
        return Optional.ofNullable(best);
    }

    /** The longest gap over a leap-year cycle; cached, since models are built once per environment. */
    static Optional<Gap> longestGap(String schedule, String timeZone) {
        return GAPS.computeIfAbsent(schedule + "\u0000" + timeZone, k -> {
            CronSchedule s = CronSchedule.kubernetes(schedule, timeZone);
            Optional<Gap> best = Optional.empty();
            for (int year = FIRST_YEAR; year < FIRST_YEAR + 4; year++) {
                Instant from = ZonedDateTime.of(year, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
                Optional<Gap> g = s.longestGap(from);
                if (g.isPresent() && (best.isEmpty() || g.get().length().compareTo(best.get().length()) > 0)) {
                    best = g;
                }
            }
            return best;
        });
    }

    /**
     * What the threshold was computed from, as one line. The chart carries it beside the number and
     * refuses to render when the schedule or deadlines in the values no longer match it (the chart
     * cannot recompute the gap; backupgen must).
     */
    public String basis() {
        return schedule + " " + timeZone + " " + startingDeadlineSeconds + " " + activeDeadlineSeconds
                + (filedAs.isEmpty() ? "" : " filed " + filedAs);
    }

    /** The threshold and how it was reached, for a comment beside the rule. */
    public String explain() {
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");
        return seconds + "s (" + human() + "; " + human(idleSeconds) + " while no Job runs) = longest gap " + human(gap.length().toSeconds()) + " ("
                + gap.from().format(f) + " to " + gap.to().format(f) + ") + startingDeadlineSeconds "
                + startingDeadlineSeconds + " + activeDeadlineSeconds " + activeDeadlineSeconds + " + margin "
                + marginSeconds + "s" + (filedAs.isEmpty() ? "" : "; filed " + filedAs + " from the dumps of " + schedule);
    }

    /** "1d 1h 25m": the threshold for people (docs, descriptions). */
    public String human() {
        return human(seconds);
    }

    public static String human(long seconds) {
        long d = seconds / 86400;
        long h = seconds % 86400 / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder sb = new StringBuilder();
        if (d > 0) {
            sb.append(d).append("d ");
        }
        if (h > 0) {
            sb.append(h).append("h ");
        }
        if (m > 0) {
            sb.append(m).append("m ");
        }
        if (s > 0 || sb.length() == 0) {
            sb.append(s).append("s ");
        }
        return sb.toString().strip();
    }
}
