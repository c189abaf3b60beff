package io.backupgen.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Every scheduled workload a model renders, as {@code plan} (and alert thresholds) read them: which
 * CronJob, when (schedule and zone), for how long at most (its window), what it holds while it runs
 * (a volume, a database) and which backup files it leaves behind. A new engine (snapshots,
 * CloudNativePG, Velero) adds entries here; {@code plan} needs no branch for it.
 */
public final class ScheduledJobs {
    private ScheduledJobs() {
    }

    /**
     * @param job        the object's name
     * @param purpose    what it does, for people ("backup daily", "verify", "restore (manual)")
     * @param schedule   the CronJob's spec.schedule, in Kubernetes' dialect
     * @param timeZone   its spec.timeZone
     * @param suspended  never runs on its own (suspended, or a template for manual Jobs)
     * @param windowSeconds how long one run may hold its volume and database: activeDeadlineSeconds
     * @param volume     the claim it mounts, or null
     * @param database   the database it loads ({@code host:port/name}), or null
     * @param filings    the backup tiers each run files its dump into; empty for jobs that write none
     * @param sharedDump all filings of one run are one dump (hard links), not one file each
     */
    public record ScheduledJob(String job, String purpose, String schedule, String timeZone, boolean suspended,
                               long windowSeconds, Volume volume, String database, List<Filing> filings,
                               boolean sharedDump) {
        public boolean writesBackups() {
            return !filings.isEmpty();
        }
    }

    /** A PersistentVolumeClaim as far as scheduling cares: who may mount it at once, and how big it is. */
    public record Volume(String claim, String accessMode, String size) {
        /** The access mode of storage.mode scratch: an emptyDir per pod, shared by no two jobs. */
        public static final String EMPTY_DIR = "emptyDir";

        /** Two pods on different nodes cannot both mount it: the second waits (Multi-Attach). */
        public boolean singleNode() {
            return accessMode.equals("ReadWriteOnce") || accessMode.equals("ReadWriteOncePod");
        }
    }

    /** Which runs a tier keeps: every run, or the first of each ISO week / calendar month (UTC, by file name). */
    public enum Period {
        EVERY_RUN, FIRST_OF_WEEK, FIRST_OF_MONTH
    }

    /** A tier a run's dump is filed into, and how many of that tier are kept. */
    public record Filing(String tier, int keep, Period period) {
    }

    /** The model's scheduled jobs, in rendering order: backup CronJobs, verification, the manual restore, engines. */
    public static List<ScheduledJob> of(BackupModel m) {
        // storage.mode scratch: every pod has its own emptyDir, so no two jobs contend for a volume.
        Volume volume = m.storage().scratch() ? new Volume("", Volume.EMPTY_DIR, m.storage().size())
                : new Volume(m.names().pvc(), m.storage().accessMode(), m.storage().size());
        String db = m.database().host() + ":" + m.database().port() + "/" + m.database().name();
        List<ScheduledJob> out = new ArrayList<>();
        if (m.single() != null) {
            // One dump a run, filed into every enabled tier by backup.sh's rule.
            BackupModel.Job j = m.single();
            List<Filing> filings = new ArrayList<>();
            for (BackupModel.Tier t : m.tiers()) {
                filings.add(new Filing(t.name(), t.keep(), switch (t.name()) {
                    case "weekly" -> Period.FIRST_OF_WEEK;
                    case "monthly" -> Period.FIRST_OF_MONTH;
                    default -> Period.EVERY_RUN;
                }));
            }
            out.add(new ScheduledJob(j.name(), "backup " + String.join("+", filings.stream().map(Filing::tier).toList())
                    + " (one dump)", j.schedule(), j.timeZone(), j.suspend(), j.activeDeadlineSeconds(), volume, db,
                    List.copyOf(filings), true));
        }
        for (BackupModel.Tier t : m.single() != null ? List.<BackupModel.Tier>of() : m.tiers()) {
            BackupModel.Job j = t.job();
            out.add(new ScheduledJob(j.name(), "backup " + t.name(), j.schedule(), j.timeZone(), j.suspend(),
                    j.activeDeadlineSeconds(), volume, db, List.of(new Filing(t.name(), t.keep(), Period.EVERY_RUN)),
                    false));
        }
        if (m.verify().enabled()) {
            BackupModel.Job j = m.verify().job();
            // It reads the volume and restores into a scratch database on the same server.
            out.add(new ScheduledJob(j.name(), "verify", j.schedule(), j.timeZone(), j.suspend(),
                    j.activeDeadlineSeconds(), volume, db, List.of(), false));
        }
        if (m.restore().enabled()) {
            BackupModel.Job j = m.restore().job();
            out.add(new ScheduledJob(j.name(), "restore (manual)", j.schedule(), j.timeZone(), true,
                    j.activeDeadlineSeconds(), volume, db, List.of(), false));
        }
        // The cluster-native engines' schedules (CloudNativePG, snapshots, Velero), each from its own module.
        m.engines().values().forEach(p -> out.addAll(p.scheduledJobs(m)));
        return List.copyOf(out);
    }
}
