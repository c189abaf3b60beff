package io.backupgen.cli;

import io.backupgen.model.BackupModel;
import io.backupgen.model.OneOffJobs;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "list",
        description = {"Print a Job whose log lists the backups on the volume: tier, file, size, age, whether its"
                + " checksum holds and its row-count manifest. It mounts the volume read-only and needs no"
                + " database credentials; it fails when a backup fails its checksum."},
        footer = {"%nExamples:",
                "  job=$(backupgen list -f backupgen.yaml | kubectl create -f - -o name)",
                "  kubectl logs -f --pod-running-timeout=5m \"$job\"",
                "  backupgen list --env production --name shop-list-now > list-job.yaml",
                ExitCode.FOOTER})
final class ListCommand extends JobCommand {
    @Option(names = "--from", paramLabel = "SOURCE",
            description = "What to list: volume (the backup PVC) or offsite (the bucket, names decrypted)."
                    + " Default: volume, or offsite with storage.mode scratch.")
    String from;

    @Override
    String what() {
        return "list";
    }

    @Override
    BackupModel.Job job(BackupModel m, String jobName) {
        return OneOffJobs.list(m, jobName, source(from, m));
    }

    @Override
    List<String> describe(BackupModel m, BackupModel.Job job) {
        if ("fetch.sh".equals(job.script())) {
            return List.of("Lists the backups of database " + m.database().name() + " in the off-site bucket: file"
                    + " names (decrypted) and sizes.");
        }
        return List.of("Lists the backups of database " + m.database().name() + " on volume " + m.names().pvc()
                + " (read-only): tier, file, size, age, checksum, manifest.");
    }
}
