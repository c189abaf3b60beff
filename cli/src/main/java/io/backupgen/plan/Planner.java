package io.backupgen.plan;

import io.backupgen.model.BackupModel;
import io.backupgen.model.ScheduledJobs;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.schedule.CronSchedule;
import io.backupgen.schedule.Gap;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Model -> {@link Plan}: the next runs of every scheduled job, their collisions over a year, the
 * recovery point objective, the retention horizons and the storage estimate. Pure: the time to
 * plan from is an option, so a test fixes the clock by passing it.
 */
public final class Planner {
    private Planner() {
    }

    public static Plan plan(BackupModel model, String environment, PlanOptions o) {
        // restore.sh keeps pre-restore backups only when it backs the target up first.
        boolean backupFirst = model.restore().enabled()
                && "true".equals(model.config().get("RESTORE_BACKUP_FIRST"));
        PlanOptions effective = new PlanOptions(o.from(), o.count(), o.dbBytes(), o.compressionRatio(),
                o.marginPercent(), backupFirst ? o.prerestoreKeep() : 0);
        return plan(model.slug(), environment, ScheduledJobs.of(model), effective);
    }

    /** The same from the job list alone: whatever adds entries to it is planned without a change here. */
    public static Plan plan(String project, String environment, List<ScheduledJob> jobs, PlanOptions o) {
        Instant from = o.from();
        Instant until = from.atZone(ZoneOffset.UTC).plusYears(1).toInstant();
        Map<String, CronSchedule> schedules = schedules(jobs);

        List<Plan.JobPlan> plans = new ArrayList<>();
        for (ScheduledJob j : jobs) {
            CronSchedule s = schedules.get(j.job());
            plans.add(j.suspended() ? new Plan.JobPlan(j, List.of(), List.of(), null)
                    : new Plan.JobPlan(j, s.firstRuns(from, o.count()), s.dstEffects(from, until),
                    s.longestGap(from).orElse(null)));
        }
        List<Plan.Overlap> overlaps = Overlaps.find(jobs, schedules, from, until);

        List<Plan.Horizon> horizons = new ArrayList<>();
        int dumps = 0;
        int files = 0;
        List<ZonedDateTime> backupRuns = new ArrayList<>();
        for (ScheduledJob j : jobs) {
            if (j.suspended() || !j.writesBackups()) {
                continue;
            }
            CronSchedule s = schedules.get(j.job());
            Retention.Result r = Retention.replay(j, s, from, until);
            horizons.addAll(r.horizons());
            if (j.volume() != null) {
                // Only what is written to a volume fills it: snapshots, CloudNativePG and Velero keep theirs elsewhere.
                dumps += r.maxDumps();
                files += r.maxFiles();
            }
            backupRuns.addAll(s.runs(from, until));
            s.next(until.minusSeconds(1)).ifPresent(t -> backupRuns.add(t.atZone(s.zone())));
        }
        return new Plan(project, environment, from, until, plans, overlaps, worstGap(backupRuns, until), horizons,
                storage(jobs, o, dumps, files));
    }

    /**
     * Collisions that are certain (two jobs sharing a volume or database start in the same minute)
     * within a year from {@code from}: what {@code render} warns about.
     */
    public static List<Plan.Overlap> certainOverlaps(BackupModel model, Instant from) {
        List<ScheduledJob> jobs = ScheduledJobs.of(model);
        return Overlaps.certain(jobs, schedules(jobs), from, from.atZone(ZoneOffset.UTC).plusYears(1).toInstant());
    }

    /** Parsed once: the spec rules have checked every schedule, so a failure here is a bug. */
    static Map<String, CronSchedule> schedules(List<ScheduledJob> jobs) {
        Map<String, CronSchedule> out = new LinkedHashMap<>();
        for (ScheduledJob j : jobs) {
            out.put(j.job(), CronSchedule.kubernetes(j.schedule(), j.timeZone()));
        }
        return out;
    }

    /**
     * The recovery point objective: the longest time between two consecutive backups of any tier,
     * for gaps that start within the year (each job contributes its first run after the year, so the
     * run that ends such a gap is known; later ones are not).
     */
    static Gap worstGap(List<ZonedDateTime> runs, Instant until) {
        List<ZonedDateTime> sorted = runs.stream().sorted((a, b) -> a.toInstant().compareTo(b.toInstant())).toList();
        Gap worst = null;
        for (int i = 0; i + 1 < sorted.size() && sorted.get(i).toInstant().isBefore(until); i++) {
            Gap g = new Gap(sorted.get(i), sorted.get(i + 1));
            if (worst == null || g.length().compareTo(worst.length()) > 0) {
                worst = g;
            }
        }
        return worst;
    }

    private static Plan.Storage storage(List<ScheduledJob> jobs, PlanOptions o, int dumps, int files) {
        if (o.dbBytes() == null) {
            return null;
        }
        ScheduledJobs.Volume volume = jobs.stream().filter(ScheduledJob::writesBackups).map(ScheduledJob::volume)
                .filter(v -> v != null).findFirst().orElse(null);
        if (volume == null) {
            return null;
        }
        long pvc = Quantity.getAmountInBytes(new Quantity(volume.size())).longValue();
        long dump = (long) Math.ceil(o.dbBytes() / o.compressionRatio());
        int prerestore = o.prerestoreKeep();
        double margin = o.marginPercent() / 100.0;
        if (ScheduledJobs.Volume.EMPTY_DIR.equals(volume.accessMode())) {
            // storage.mode scratch: each pod's emptyDir holds the one dump it writes (the bucket keeps the rest),
            // with no earlier dump to size a margin by and no backup before a restore.
            dumps = 1;
            files = 1;
            prerestore = 0;
            margin = 0;
        }
        long needed = (long) Math.ceil((dumps + prerestore + margin) * dump);
        long neededCopied = (long) Math.ceil((files + prerestore + margin) * dump);
        return new Plan.Storage(o.dbBytes(), o.compressionRatio(), dump, dumps, files, margin, prerestore, needed,
                neededCopied, volume.size(), pvc);
    }
}
