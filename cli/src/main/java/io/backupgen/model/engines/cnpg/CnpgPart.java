package io.backupgen.model.engines.cnpg;

import io.backupgen.model.BackupModel;
import io.backupgen.model.ScheduledJobs;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.model.engines.EnginePart;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudNativePG's backups of the user's Cluster as the templates lay them out: a ScheduledBackup
 * (and the barman-cloud plugin's ObjectStore when the archive is the plugin) in the base; beside it,
 * the patch the Cluster needs and a recovery Cluster that nothing applies on its own.
 *
 * @param name       the ScheduledBackup {@code <slug>-cnpg}
 * @param method     the ScheduledBackup's method
 * @param archive    how WAL (and, with the object-store methods, base backups) reach the bucket:
 *                   barmanObjectStore (in the Cluster) or plugin (an ObjectStore)
 * @param schedule   as CloudNativePG reads it: six fields, seconds first, in UTC
 * @param cron       the spec's five-field form, for {@code plan}
 * @param serverName the cluster's folder in the bucket
 * @param storeName  the ObjectStore's name (archive plugin)
 * @param keepForPlan base backups the recovery window holds, as {@code plan} counts them
 */
public record CnpgPart(String cluster, String name, String method, String archive, String schedule, String cron,
                       boolean suspend, String target, String volumeSnapshotClassName, ObjectStoreSettings store,
                       String serverName, String storeName, String pluginName, Recovery recovery, int windowSeconds,
                       int keepForPlan, boolean suspendAll) implements EnginePart {

    /** The barman-cloud plugin's name in a Cluster's plugins and a ScheduledBackup's pluginConfiguration. */
    public static final String PLUGIN = "barman-cloud.cloudnative-pg.io";

    /**
     * The recovery Cluster: a new cluster {@code <cluster>-recovery} bootstrapped from the archive
     * ({@code source}, an external cluster) to {@code targetTime}.
     *
     * @param targetTime   in the kustomize output the placeholder TARGET_TIME, to replace at recovery time
     * @param snapshotName with method volumeSnapshot, the VolumeSnapshot to start from (placeholder
     *                     SNAPSHOT_NAME); empty otherwise
     */
    public record Recovery(String name, String source, String storageSize, String storageClassName, String imageName,
                           String targetTime, String snapshotName) {
    }

    /** The archive is the barman-cloud plugin (an ObjectStore), not the Cluster's own barmanObjectStore. */
    public boolean usesPlugin() {
        return archive.equals("plugin");
    }

    public boolean volumeSnapshot() {
        return method.equals("volumeSnapshot");
    }

    @Override
    public List<BaseFile> baseFiles() {
        List<BaseFile> out = new ArrayList<>();
        out.add(new BaseFile("cnpg-scheduledbackup.yaml", "engines/cnpg/cnpg-scheduledbackup.yaml.peb"));
        if (usesPlugin()) {
            out.add(new BaseFile("cnpg-objectstore.yaml", "engines/cnpg/cnpg-objectstore.yaml.peb"));
        }
        return out;
    }

    @Override
    public List<BaseFile> extraFiles() {
        return List.of(new BaseFile("cnpg/" + cluster + "-backup-patch.yaml", "engines/cnpg/cluster-backup-patch.yaml.peb"),
                new BaseFile("cnpg/" + cluster + "-recovery.yaml", "engines/cnpg/recovery-cluster.yaml.peb"));
    }

    @Override
    public List<ScheduledJob> scheduledJobs(BackupModel m) {
        // Base backups load the cluster: when the dumps read the same cluster (its -rw/-ro/-r Service),
        // plan sees one database and reports the two overlapping.
        String host = m.database().host();
        boolean same = false;
        for (String service : List.of("-rw", "-ro", "-r")) {
            same |= host.equals(cluster + service) || host.startsWith(cluster + service + ".");
        }
        String database = same ? host + ":" + m.database().port() + "/" + m.database().name() : "cnpg cluster " + cluster;
        return List.of(new ScheduledJob(name, "CloudNativePG base backup (" + method + "; WAL archived continuously)",
                cron, "UTC", suspend, windowSeconds, null, database,
                List.of(new ScheduledJobs.Filing("cnpg", keepForPlan, ScheduledJobs.Period.EVERY_RUN)), false));
    }
}
