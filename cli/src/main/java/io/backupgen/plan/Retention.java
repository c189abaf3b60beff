package io.backupgen.plan;

import io.backupgen.model.ScheduledJobs.Filing;
import io.backupgen.model.ScheduledJobs.Period;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.schedule.CronSchedule;
import io.backupgen.schedule.Gap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a backup job's runs through its tiers' retention, as backup.sh files and prunes them, to
 * learn how far back each tier reaches and how many distinct dumps the volume holds at once. The
 * replay starts early enough that every tier is full when the measured year begins, and assumes
 * every run succeeds.
 */
final class Retention {
    /** One job's result: a horizon per tier and the most dumps it keeps at once. */
    record Result(List<Plan.Horizon> horizons, int maxDumps, int maxFiles) {
    }

    private Retention() {
    }

    static Result replay(ScheduledJob job, CronSchedule schedule, Instant from, Instant until) {
        Gap gap = schedule.longestGap(from).orElse(null);
        if (gap == null || job.filings().isEmpty()) {
            return new Result(List.of(), 0, 0);
        }
        Duration warmup = Duration.ZERO;
        for (Filing f : job.filings()) {
            Duration per = switch (f.period()) {
                case EVERY_RUN -> gap.length();
                case FIRST_OF_WEEK -> Duration.ofDays(7).plus(gap.length());
                case FIRST_OF_MONTH -> Duration.ofDays(32).plus(gap.length());
            };
            Duration span = per.multipliedBy(f.keep() + 1L);
            warmup = span.compareTo(warmup) > 0 ? span : warmup;
        }
        int n = job.filings().size();
        List<ArrayDeque<Instant>> kept = new ArrayList<>();
        Duration[] least = new Duration[n];
        Duration[] most = new Duration[n];
        for (int i = 0; i < n; i++) {
            kept.add(new ArrayDeque<>());
        }
        int maxDumps = 0;
        int maxFiles = 0;
        // Files kept now, and per run (one dump) how many tier files name it: its hard links.
        int files = 0;
        java.util.Map<Instant, Integer> names = new java.util.HashMap<>();
        Instant end = schedule.next(until.minusSeconds(1)).orElse(until).plusSeconds(1);
        for (ZonedDateTime run : schedule.runs(from.minus(warmup), end)) {
            Instant t = run.toInstant();
            boolean measured = !t.isBefore(from);
            for (int i = 0; i < n; i++) {
                ArrayDeque<Instant> q = kept.get(i);
                if (measured && !q.isEmpty()) {
                    most[i] = max(most[i], Duration.between(q.peekFirst(), t)); // just before this run
                }
                if (t.isBefore(until) && files(job.filings().get(i).period(), q.peekLast(), t)) {
                    q.addLast(t);
                    names.merge(t, 1, Integer::sum);
                    files++;
                    while (q.size() > job.filings().get(i).keep()) {
                        names.computeIfPresent(q.removeFirst(), (k, c) -> c == 1 ? null : c - 1);
                        files--;
                    }
                }
                if (measured && t.isBefore(until) && !q.isEmpty()) {
                    least[i] = min(least[i], Duration.between(q.peekFirst(), t));
                }
            }
            if (measured && t.isBefore(until)) {
                maxDumps = Math.max(maxDumps, job.sharedDump() ? names.size() : files);
                maxFiles = Math.max(maxFiles, files);
            }
        }
        List<Plan.Horizon> horizons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Filing f = job.filings().get(i);
            horizons.add(new Plan.Horizon(f.tier(), job.job(), f.keep(), least[i] == null ? Duration.ZERO : least[i],
                    most[i] == null ? Duration.ZERO : most[i]));
        }
        return new Result(horizons, maxDumps, maxFiles);
    }

    /** backup.sh's rule: every run, or the first run of an ISO week / calendar month (UTC) not yet filed. */
    static boolean files(Period period, Instant newest, Instant t) {
        if (period == Period.EVERY_RUN || newest == null) {
            return true;
        }
        ZonedDateTime a = newest.atZone(ZoneOffset.UTC);
        ZonedDateTime b = t.atZone(ZoneOffset.UTC);
        return switch (period) {
            case FIRST_OF_WEEK -> a.get(IsoFields.WEEK_BASED_YEAR) != b.get(IsoFields.WEEK_BASED_YEAR)
                    || a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) != b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
            case FIRST_OF_MONTH -> a.getYear() != b.getYear() || a.getMonthValue() != b.getMonthValue();
            default -> true;
        };
    }

    private static Duration min(Duration a, Duration b) {
        return a == null || b.compareTo(a) < 0 ? b : a;
    }

    private static Duration max(Duration a, Duration b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
