package io.backupgen.cli;

import io.backupgen.model.BackupModel;
import io.backupgen.model.OneOffJobs;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "backup-now",
        description = {"Print a Job that takes one backup of a tier now: the tier's CronJob as a Job (same script,"
                + " settings and retention; it prunes that tier as a scheduled run does)."},
        footer = {"%nExamples:",
                "  backupgen backup-now -f backupgen.yaml --tier daily | kubectl create -f -",
                "  backupgen backup-now --env production --tier weekly --name shop-before-migration",
                ExitCode.FOOTER})
final class BackupNowCommand extends JobCommand {
    @Option(names = "--tier", paramLabel = "TIER", required = true,
            description = "Tier to back up: daily, weekly or monthly (an enabled one).")
    String tier;

    @Override
    String what() {
        return "backup-now";
    }

    @Override
    BackupModel.Job job(BackupModel m, String jobName) {
        if (m.single() != null && OneOffJobs.tier(m, tier).isPresent() && !OneOffJobs.canBackUpNow(m, tier)) {
            throw new UserException(ExitCode.USAGE, "--tier " + tier + ": " + m.specFile() + " takes every backup"
                    + " with one CronJob (tiers.mode: single), which files each dump into weekly and monthly by"
                    + " period; use --tier daily");
        }
        if (!OneOffJobs.canBackUpNow(m, tier)) {
            throw new UserException(ExitCode.USAGE, "--tier '" + tier + "' is not an enabled tier of "
                    + m.specFile() + "; enabled: " + String.join(", ", OneOffJobs.enabledTiers(m)));
        }
        return OneOffJobs.backupNow(m, jobName, tier);
    }

    @Override
    List<String> describe(BackupModel m, BackupModel.Job job) {
        BackupModel.Tier t = OneOffJobs.tier(m, tier).orElseThrow();
        if (m.single() != null) {
            return List.of("Takes one backup of database " + m.database().name() + " now, as CronJob "
                    + m.single().name() + " would: a daily one, filed into weekly and monthly by period.");
        }
        return List.of("Takes one " + tier + " backup of database " + m.database().name() + " now, as CronJob "
                + t.job().name() + " would (keeps the newest " + t.keep() + " " + tier + " backups).");
    }
}
