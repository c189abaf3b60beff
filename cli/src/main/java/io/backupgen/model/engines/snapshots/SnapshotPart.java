package io.backupgen.model.engines.snapshots;

import io.backupgen.model.BackupModel;
import io.backupgen.model.ScheduledJobs;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.model.engines.EnginePart;
import java.util.ArrayList;
import java.util.List;

/**
 * The VolumeSnapshot schedule as the templates lay it out: one CronJob per enabled tier running
 * {@code snapshot.sh} with kubectl under its own ServiceAccount, bound to a Role that allows exactly
 * what the script does.
 *
 * @param name      the ServiceAccount, Role and RoleBinding ({@code <slug>-snapshot})
 * @param configMap the ConfigMap holding snapshot.sh
 * @param pvcs      PVC names, space-separated (empty when a selector picks them)
 * @param selector  a label selector {@code k=v,k2=v2} (empty when PVCs are named)
 * @param owner     the value of label {@code backupgen.io/snapshot-owner} on every snapshot it makes:
 *                  the script lists, counts and deletes only snapshots carrying it
 * @param suspendAll the environment suspends every schedule (each tier's {@code suspend} already says so)
 */
public record SnapshotPart(String name, String configMap, String volumeSnapshotClassName, String pvcs,
                           String selector, String owner, String image, int runAsUser, int readyTimeoutSeconds,
                           int startingDeadlineSeconds, int activeDeadlineSeconds, BackupModel.Resources resources,
                           List<Tier> tiers, String script, boolean suspendAll) implements EnginePart {

    /** Label keys on every snapshot the script creates. */
    public static final String OWNER_LABEL = "backupgen.io/snapshot-owner";
    public static final String TIER_LABEL = "backupgen.io/tier";
    public static final String TIME_LABEL = "backupgen.io/timestamp";

    /** One tier's CronJob {@code <slug>-snap-<tier>}. */
    public record Tier(String name, String cronJob, String schedule, String timeZone, int keep, boolean suspend) {
    }

    @Override
    public List<BaseFile> baseFiles() {
        return List.of(new BaseFile("snapshot-cronjob.yaml", "engines/snapshots/snapshot-cronjob.yaml.peb"),
                new BaseFile("snapshot-rbac.yaml", "engines/snapshots/snapshot-rbac.yaml.peb"),
                new BaseFile("snapshot-script-configmap.yaml", "engines/snapshots/snapshot-script-configmap.yaml.peb"));
    }

    @Override
    public List<ScheduledJob> scheduledJobs(BackupModel model) {
        List<ScheduledJob> out = new ArrayList<>();
        for (Tier t : tiers) {
            // Holds no volume and loads no database: a CSI snapshot is taken by the storage system.
            out.add(new ScheduledJob(t.cronJob(), "VolumeSnapshot " + t.name(), t.schedule(), t.timeZone(),
                    t.suspend(), activeDeadlineSeconds, null, null,
                    List.of(new ScheduledJobs.Filing("snapshot-" + t.name(), t.keep(), ScheduledJobs.Period.EVERY_RUN)),
                    false));
        }
        return out;
    }
}
