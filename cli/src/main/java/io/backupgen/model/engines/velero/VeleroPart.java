package io.backupgen.model.engines.velero;

import io.backupgen.model.BackupModel;
import io.backupgen.model.ScheduledJobs;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.model.engines.EnginePart;
import java.util.List;
import java.util.Map;

/**
 * A Velero Schedule for the project's namespace. It lives in Velero's namespace (Velero reads
 * Schedules only there), so it is pinned there whatever namespace the base or an overlay sets.
 *
 * @param veleroNamespace    where the Schedule is created
 * @param includedNamespace  the namespace it backs up: the project's (or the environment's)
 * @param ttl                how long each backup is kept, a Go duration: keep times the longest gap
 * @param owner              label app.kubernetes.io/part-of of backupgen's own objects; those that also
 *                           carry backup-type (its CronJobs, their Jobs and pods) are left out
 * @param checkpoint         the pre-backup CHECKPOINT hook, or null
 */
public record VeleroPart(String name, String veleroNamespace, String includedNamespace, String schedule, int keep,
                         String ttl, boolean paused, String storageLocation, boolean snapshotVolumes, String owner,
                         Checkpoint checkpoint, boolean suspendAll) implements EnginePart {

    /** Window {@code plan} assumes for one Velero backup: Velero sets no deadline of its own. */
    static final long WINDOW_SECONDS = 3600;

    public record Checkpoint(Map<String, String> podSelector, String container, List<String> command,
                             String timeout) {
    }

    @Override
    public List<BaseFile> baseFiles() {
        return List.of(new BaseFile("velero-schedule.yaml", "engines/velero/velero-schedule.yaml.peb"));
    }

    @Override
    public List<ScheduledJob> scheduledJobs(BackupModel model) {
        // Velero snapshots volumes through the storage system and copies objects from the API server:
        // it holds no backupgen volume and loads the database only for the instant of its CHECKPOINT.
        return List.of(new ScheduledJob(name, "Velero backup of namespace " + includedNamespace, schedule, "UTC",
                paused, WINDOW_SECONDS, null, null,
                List.of(new ScheduledJobs.Filing("velero", keep, ScheduledJobs.Period.EVERY_RUN)), false));
    }

    @Override
    public List<Pinned> pinned() {
        return List.of(new Pinned("velero.io", "v1", "Schedule", name, veleroNamespace));
    }
}
