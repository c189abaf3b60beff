package io.backupgen.plan;

import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.schedule.CronSchedule;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collisions of scheduled jobs over a period. A job holds its volume and its database from its
 * scheduled start until its activeDeadlineSeconds at most; two such windows that meet are a
 * collision when the jobs share a volume only one node can mount (the second pod waits in
 * ContainerCreating with a Multi-Attach error and may run out of its own deadline) or the same
 * database (two dumps, or a dump and a verification restore, load one server). Windows are
 * half-open: a job whose deadline ends the minute another starts does not collide with it.
 * {@code concurrencyPolicy: Forbid} only keeps a CronJob from overlapping itself, by skipping the
 * run; a window longer than the time to the next run is reported too, since that run is lost.
 */
public final class Overlaps {
    /** How many collision dates an overlap lists. */
    static final int FIRST = 3;

    private Overlaps() {
    }

    /** Every colliding pair (and every job colliding with itself) over {@code [from, until)}. */
    public static List<Plan.Overlap> find(List<ScheduledJob> jobs, Map<String, CronSchedule> schedules, Instant from,
                                          Instant until) {
        List<ScheduledJob> active = jobs.stream().filter(j -> !j.suspended()).toList();
        Map<String, List<ZonedDateTime>> runs = new java.util.HashMap<>();
        for (ScheduledJob j : active) {
            runs.put(j.job(), schedules.get(j.job()).runs(from, until));
        }
        List<Plan.Overlap> out = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            ScheduledJob a = active.get(i);
            self(a, runs.get(a.job())).ifPresent(out::add);
            for (int k = i + 1; k < active.size(); k++) {
                ScheduledJob b = active.get(k);
                String shared = shared(a, b);
                if (shared != null) {
                    pair(a, runs.get(a.job()), b, runs.get(b.job()), shared).ifPresent(out::add);
                }
            }
        }
        return out;
    }

    /** Only the collisions that are certain: both start in the same minute at least once. */
    public static List<Plan.Overlap> certain(List<ScheduledJob> jobs, Map<String, CronSchedule> schedules,
                                             Instant from, Instant until) {
        return find(jobs, schedules, from, until).stream().filter(o -> o.certain() && !o.self()).toList();
    }

    /** What two jobs contend for, or null: a single-node volume, the same database, or both. */
    static String shared(ScheduledJob a, ScheduledJob b) {
        List<String> what = new ArrayList<>();
        if (a.volume() != null && a.volume().equals(b.volume()) && a.volume().singleNode()) {
            what.add("volume " + a.volume().claim() + " (" + a.volume().accessMode() + ")");
        }
        if (a.database() != null && a.database().equals(b.database())) {
            what.add("database " + a.database());
        }
        return what.isEmpty() ? null : String.join(" and ", what);
    }

    private static java.util.Optional<Plan.Overlap> pair(ScheduledJob a, List<ZonedDateTime> ra, ScheduledJob b,
                                                         List<ZonedDateTime> rb, String shared) {
        int count = 0;
        boolean certain = false;
        List<ZonedDateTime> first = new ArrayList<>();
        int k = 0;
        for (ZonedDateTime sa : ra) {
            long aStart = sa.toEpochSecond();
            long aEnd = aStart + a.windowSeconds();
            // b's runs that ended before a started can never meet a later run of a either.
            while (k < rb.size() && rb.get(k).toEpochSecond() + b.windowSeconds() <= aStart) {
                k++;
            }
            for (int m = k; m < rb.size() && rb.get(m).toEpochSecond() < aEnd; m++) {
                count++;
                certain |= Math.floorDiv(aStart, 60) == Math.floorDiv(rb.get(m).toEpochSecond(), 60);
                if (first.size() < FIRST && !first.contains(sa)) {
                    first.add(sa);
                }
            }
        }
        return count == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new Plan.Overlap(a.job(), b.job(), shared, count, List.copyOf(first), certain));
    }

    private static java.util.Optional<Plan.Overlap> self(ScheduledJob a, List<ZonedDateTime> ra) {
        int count = 0;
        List<ZonedDateTime> first = new ArrayList<>();
        for (int i = 0; i + 1 < ra.size(); i++) {
            // The autumn repeat (same wall-clock time twice) skipped by Forbid loses nothing.
            boolean dstRepeat = ra.get(i + 1).toLocalDateTime().equals(ra.get(i).toLocalDateTime());
            if (!dstRepeat && ra.get(i + 1).toEpochSecond() < ra.get(i).toEpochSecond() + a.windowSeconds()) {
                count++;
                if (first.size() < FIRST) {
                    first.add(ra.get(i + 1));
                }
            }
        }
        return count == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new Plan.Overlap(a.job(), a.job(), "itself (concurrencyPolicy: Forbid skips the"
                + " run that starts while the previous one may still run)", count, List.copyOf(first), false));
    }
}
