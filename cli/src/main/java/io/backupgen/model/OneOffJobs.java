package io.backupgen.model;

import io.backupgen.model.BackupModel.EnvVar;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Jobs {@code backupgen restore}, {@code list} and {@code backup-now} print: built from the same model
 * as the CronJobs (same image, pod security, volumes, ConfigMap and Secret references), so a Job run at
 * 3 a.m. is the reviewed CronJob's twin with only the operator's choices changed. Those choices are
 * literal values on the Job, so what it will do can be read in it.
 */
public final class OneOffJobs {
    /** Finished Jobs (and their pods' logs) stay a week for the post-mortem, then Kubernetes removes them. */
    public static final int TTL_SECONDS_AFTER_FINISHED = 7 * 24 * 3600;
    /** A Job's name is also the value of its pods' job-name label: at most 63 characters. */
    public static final int MAX_NAME = 63;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private OneOffJobs() {
    }

    /**
     * What a restore does; each field becomes the RESTORE_* variable of the same name (docs/scripts.md).
     *
     * @param file     a backup file name, or null for the newest of {@code tier}
     * @param targetDb the database restored into (never null: the model's database by default)
     * @param jobs     parallel pg_restore sessions; more than 1 cannot be one transaction
     */
    public record Restore(String file, String tier, String targetDb, boolean createDb, boolean force,
                          boolean backupFirst, boolean noOwner, boolean noPrivileges, int jobs, boolean withGlobals,
                          boolean checkRows) {
    }

    /** {@code <slug>-<what>-<UTC yyyyMMddHHmmss of now>}: unique per second, at most 63 characters. */
    public static String defaultName(BackupModel m, String what, Instant now) {
        return m.slug() + "-" + what + "-" + STAMP.format(now);
    }

    public static BackupModel.Job restore(BackupModel m, String name, Restore r, BackupSource source) {
        List<EnvVar> env = ModelBuilder.connection(m.database());
        env.add(EnvVar.literal("RESTORE_FILE", r.file() == null ? "" : r.file()));
        env.add(EnvVar.literal("RESTORE_TIER", r.tier()));
        env.add(EnvVar.literal("RESTORE_TARGET_DB", r.targetDb()));
        env.add(EnvVar.literal("RESTORE_CREATE_DB", Boolean.toString(r.createDb())));
        env.add(EnvVar.literal("RESTORE_FORCE", Boolean.toString(r.force())));
        env.add(EnvVar.literal("RESTORE_BACKUP_FIRST", Boolean.toString(r.backupFirst())));
        env.add(EnvVar.literal("RESTORE_NO_OWNER", Boolean.toString(r.noOwner())));
        env.add(EnvVar.literal("RESTORE_NO_PRIVILEGES", Boolean.toString(r.noPrivileges())));
        env.add(EnvVar.literal("RESTORE_JOBS", Integer.toString(r.jobs())));
        env.add(EnvVar.literal("RESTORE_WITH_GLOBALS", Boolean.toString(r.withGlobals())));
        env.add(EnvVar.literal("RESTORE_CHECK_ROWS", Boolean.toString(r.checkRows())));
        // The backup taken before a restore follows the spec's dump options like any other backup.
        env.add(EnvVar.config("BACKUP_FORMAT", "BACKUP_FORMAT"));
        env.add(EnvVar.config("BACKUP_COMPRESSION", "BACKUP_COMPRESSION"));
        env.add(EnvVar.config("BACKUP_GLOBALS", "BACKUP_GLOBALS"));
        env.add(EnvVar.config("BACKUP_NO_ROLE_PASSWORDS", "BACKUP_NO_ROLE_PASSWORDS"));
        return source.readFrom(m.restore().job().withName(name).withEnv(env));
    }

    /** A Job whose log lists the backups: tier, file, size, age, checksum and manifest state. Reads only. */
    public static BackupModel.Job list(BackupModel m, String name, BackupSource source) {
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVar.config("PGDATABASE", "POSTGRES_DB"));
        env.add(EnvVar.literal("BACKUP_DIR", "/backups"));
        BackupModel.Job restore = m.restore().job();
        // Placed like the restore: the same volume, the same nodes it may run on.
        BackupModel.Job job = new BackupModel.Job(name, "list", restore.schedule(), restore.timeZone(), false, 1, 1,
                restore.startingDeadlineSeconds(), 0, restore.activeDeadlineSeconds(), "list", "list.sh", env,
                restore.resources(), restore.pod(), new BackupModel.PodExtras(true, List.of(), List.of()));
        return source.readFrom(job);
    }

    /**
     * One backup of {@code tier} now: the tier's CronJob as a Job (it prunes the tier as a scheduled run
     * does). In one-dump mode the backups are taken by the one CronJob as daily ones and filed into the
     * other tiers: the daily tier's backup now is that job.
     */
    public static BackupModel.Job backupNow(BackupModel m, String name, String tier) {
        if (m.single() != null && "daily".equals(tier)) {
            return m.single().withName(name);
        }
        return tier(m, tier).orElseThrow(() -> new IllegalArgumentException(tier)).job().withName(name);
    }

    /** Whether {@code backup-now --tier tier} can be honoured: an enabled tier (daily in one-dump mode). */
    public static boolean canBackUpNow(BackupModel m, String tier) {
        return m.single() != null ? "daily".equals(tier) && tier(m, tier).isPresent() : tier(m, tier).isPresent();
    }

    /** The enabled tier called {@code name}. */
    public static Optional<BackupModel.Tier> tier(BackupModel m, String name) {
        return m.tiers().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Names of the enabled tiers, in schedule order. */
    public static List<String> enabledTiers(BackupModel m) {
        return m.tiers().stream().map(BackupModel.Tier::name).toList();
    }
}
