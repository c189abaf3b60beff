package io.backupgen.plan;

import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.schedule.DstEffect;
import io.backupgen.schedule.Gap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * What {@code backupgen plan} found, as data: writers lay it out as text or JSON.
 *
 * @param until   end of the year the overlaps, the recovery point and the horizons are computed over
 * @param rpo     the longest time between two backups of any tier, null when nothing backs up
 * @param storage null without {@code --db-size}
 */
public record Plan(String project, String environment, Instant from, Instant until, List<JobPlan> jobs,
                   List<Overlap> overlaps, Gap rpo, List<Horizon> horizons, Storage storage) {

    /** Overlaps and a storage shortfall are findings: {@code plan} exits 1 on them. */
    public boolean hasFindings() {
        return !overlaps.isEmpty() || (storage != null && !storage.fits());
    }

    /** The oldest point any tier still guarantees to restore, counted back from a run. */
    public Duration overallHorizon() {
        return horizons.stream().map(Horizon::atLeast).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** One job's next runs, the daylight-saving days that change them, and its longest gap over the year. */
    public record JobPlan(ScheduledJob job, List<ZonedDateTime> next, List<DstEffect> dst, Gap longestGap) {
    }

    /**
     * Two jobs whose windows ([start, start + activeDeadlineSeconds)) meet while they share a volume
     * only one node can mount, or a database; or one job whose window is longer than the time to its
     * next run (concurrencyPolicy Forbid then skips that run).
     *
     * @param count   collisions over the year
     * @param first   the first few, as the first job's start time
     * @param certain at least once both start in the same minute: they collide whatever their duration
     */
    public record Overlap(String job, String other, String shared, int count, List<ZonedDateTime> first,
                          boolean certain) {
        public boolean self() {
            return job.equals(other);
        }
    }

    /**
     * How far back a tier reaches, assuming every run succeeds: right after a run its oldest kept
     * backup is at least {@code atLeast} old; just before the next run, at most {@code atMost}.
     */
    public record Horizon(String tier, String job, int keep, Duration atLeast, Duration atMost) {
    }

    /**
     * The volume's peak: the dumps kept at once, plus the one being written (times the free-space
     * margin backup.sh insists on), plus the restore's pre-restore backups.
     */
    public record Storage(long dbBytes, double compressionRatio, long dumpBytes, int dumpsKept, int dumpsKeptIfCopied,
                          double margin, int prerestoreKept, long neededBytes, long neededBytesIfCopied,
                          String pvcSize, long pvcBytes) {
        public boolean fits() {
            return neededBytes <= pvcBytes;
        }
    }
}
