package io.backupgen.cli;

import io.backupgen.model.BackupModel;
import io.backupgen.model.BackupSources;
import io.backupgen.model.OneOffJobs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "restore",
        description = {"Print a ready-to-apply Job that restores a backup: the restore CronJob's twin with your"
                + " choices as literal values. It checks the checksums first, refuses a database that holds"
                + " anything unless --force, and restores in one transaction (a failure leaves the target as it"
                + " was) unless --jobs > 1."},
        footer = {"%nExamples:",
                "  backupgen restore -f backupgen.yaml --force | kubectl create -f -      # newest daily, live db",
                "  backupgen restore --file shop_daily_20261122_020000.sql.gz --target-db shop_copy --create-db",
                "  backupgen restore --env production --tier weekly --target-db shop_check --create-db --check-rows",
                ExitCode.FOOTER})
final class RestoreCommand extends JobCommand {
    private static final List<String> TIERS = List.of("daily", "weekly", "monthly", "prerestore");

    @ArgGroup(exclusive = true)
    Which which;

    static final class Which {
        @Option(names = "--file", paramLabel = "NAME",
                description = "Backup file on the volume to restore, e.g. shop_daily_20261122_020000.sql.gz"
                        + " ('backupgen list' shows them).")
        String file;

        @Option(names = "--tier", paramLabel = "TIER",
                description = "Restore the newest backup of this tier: daily, weekly, monthly or prerestore"
                        + " (default: restore.tier of the spec).")
        String tier;
    }

    @Option(names = "--target-db", paramLabel = "DB",
            description = "Database to restore into (default: the backed-up database itself).")
    String targetDb;

    @Option(names = "--create-db", description = "Create the target database when it does not exist (needs CREATEDB).")
    boolean createDb;

    @Option(names = "--force", negatable = true,
            description = "Replace the content of a target that holds anything (default: restore.force of the spec).")
    Boolean force;

    @Option(names = "--backup-first", negatable = true,
            description = "Back up a non-empty target (tier prerestore) before replacing it"
                    + " (default: restore.backupFirst of the spec).")
    Boolean backupFirst;

    @Option(names = "--no-owner", description = "Objects owned by the restoring user instead of the dumped owners,"
            + " e.g. when the roles differ (custom-format backups only).")
    boolean noOwner;

    @Option(names = "--no-privileges", description = "Skip the dumped GRANT/REVOKE (custom-format backups only).")
    boolean noPrivileges;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "1",
            description = "Parallel pg_restore sessions (custom-format backups). More than 1 cannot be one"
                    + " transaction: a failure leaves the target partly restored. Default: ${DEFAULT-VALUE}.")
    int jobs;

    @Option(names = "--with-globals", description = "Apply the backup's roles file (<stem>.globals.sql.gz) first;"
            + " roles that exist are left as they are (needs CREATEROLE).")
    boolean withGlobals;

    @Option(names = "--check-rows", description = "After restoring, count every table's rows and fail on any"
            + " difference from the backup's manifest (reads the whole restored database).")
    boolean checkRows;

    @Option(names = "--from", paramLabel = "SOURCE",
            description = "Where the backup is read from: volume (the backup PVC) or offsite (the bucket: fetched,"
                    + " decrypted and checked first). Default: volume, or offsite with storage.mode scratch.")
    String from;

    @Override
    String what() {
        return "restore";
    }

    @Override
    BackupModel.Job job(BackupModel m, String jobName) {
        String file = which == null ? null : which.file;
        String tier = which != null && which.tier != null ? which.tier : m.config().getOrDefault("RESTORE_TIER", "daily");
        if (!TIERS.contains(tier)) {
            throw new UserException(ExitCode.USAGE, "--tier '" + tier + "' is not a tier; use one of "
                    + String.join(", ", TIERS));
        }
        if (file != null) {
            checkFile(file);
        }
        String target = targetDb == null ? m.database().name() : targetDb;
        if (target.isEmpty() || target.getBytes(StandardCharsets.UTF_8).length > 63 || target.indexOf('\0') >= 0) {
            throw new UserException(ExitCode.USAGE, "--target-db '" + target + "' is not a PostgreSQL database name"
                    + " (1 to 63 bytes)");
        }
        if (jobs < 1 || jobs > 64) {
            throw new UserException(ExitCode.USAGE, "--jobs must be from 1 to 64, got " + jobs);
        }
        boolean plain = file != null ? file.endsWith(".sql.gz") : "plain".equals(m.config().get("BACKUP_FORMAT"));
        if (plain && (noOwner || noPrivileges || jobs > 1)) {
            throw new UserException(ExitCode.USAGE, (noOwner ? "--no-owner" : noPrivileges ? "--no-privileges"
                    : "--jobs " + jobs) + " needs a custom-format backup (.dump), but "
                    + (file != null ? file + " is" : "this spec's backups are") + " plain SQL, which replays its"
                    + " owners and grants as written and restores in one session; create the roles first"
                    + " (--with-globals) or back up with backup.format: custom");
        }
        boolean defaultForce = Boolean.parseBoolean(m.config().getOrDefault("RESTORE_FORCE", "false"));
        boolean defaultBackupFirst = Boolean.parseBoolean(m.config().getOrDefault("RESTORE_BACKUP_FIRST", "true"));
        OneOffJobs.Restore r = new OneOffJobs.Restore(file, tier, target, createDb,
                force != null ? force : defaultForce, backupFirst != null ? backupFirst : defaultBackupFirst,
                noOwner, noPrivileges, jobs, withGlobals, checkRows);
        if (from == null) {
            from = BackupSources.defaultFor(m); // describe() names it
        }
        return OneOffJobs.restore(m, jobName, r, source(from, m));
    }

    private static void checkFile(String file) {
        if (file.contains("/") || file.startsWith(".")) {
            throw new UserException(ExitCode.USAGE, "--file takes a file name on the backup volume, not a path: '"
                    + file + "' (e.g. shop_daily_20261122_020000.sql.gz; 'backupgen list' shows them)");
        }
        if (file.endsWith(".globals.sql.gz")) {
            throw new UserException(ExitCode.USAGE, "--file " + file + " holds roles, not a database: restore its"
                    + " database's backup with --with-globals");
        }
        if (!file.endsWith(".sql.gz") && !file.endsWith(".dump")) {
            throw new UserException(ExitCode.USAGE, "--file must name a backup (.sql.gz or .dump), got '" + file + "'");
        }
    }

    @Override
    List<String> describe(BackupModel m, BackupModel.Job job) {
        java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
        job.env().stream().filter(e -> e.value() != null).forEach(e -> env.put(e.name(), e.value()));
        List<String> lines = new ArrayList<>();
        String file = env.get("RESTORE_FILE");
        lines.add("Restores " + (file.isEmpty() ? "the newest " + env.get("RESTORE_TIER") + " backup of "
                + m.database().name() : file) + " from " + (BackupSources.VOLUME.equals(from)
                ? "the backup volume " + m.names().pvc() : from) + " into database " + env.get("RESTORE_TARGET_DB")
                + (Boolean.parseBoolean(env.get("RESTORE_CREATE_DB")) ? " (created if missing)" : "") + ".");
        lines.add(Boolean.parseBoolean(env.get("RESTORE_FORCE"))
                ? "--force: replaces what the target holds" + (Boolean.parseBoolean(env.get("RESTORE_BACKUP_FIRST"))
                ? ", after backing it up (tier prerestore)." : ", WITHOUT a backup of it first (--no-backup-first).")
                : "Refuses a target that holds anything (no --force).");
        lines.add((jobs > 1 ? jobs + " parallel sessions, NOT one transaction: a failure leaves it partly restored."
                : "One transaction: a failure leaves the target as it was.")
                + (noOwner ? " Owner: the restoring user." : " Owners as dumped.")
                + (noPrivileges ? " No grants." : " Grants as dumped.")
                + (withGlobals ? " Roles from the globals file first." : "")
                + (checkRows ? " Row counts checked against the manifest." : ""));
        return lines;
    }
}
