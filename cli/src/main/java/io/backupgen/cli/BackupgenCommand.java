package io.backupgen.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command; its subcommands are added by {@link Cli} (only the one a command line names). */
@Command(name = "backupgen",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Render and validate Kubernetes backup manifests for PostgreSQL from a short spec.",
        footer = {"%nExamples:",
                "  backupgen init --name 'Acme Shop' --db-host acme-db",
                "  backupgen render -f backupgen.yaml -o .",
                "  backupgen render --check        # CI drift gate",
                "  backupgen validate k8s/",
                "  backupgen plan --db-size 20Gi   # when jobs run, collide, what is kept, disk needed",
                "  backupgen restore --target-db shop_copy --create-db | kubectl create -f -",
                "  source <(backupgen generate-completion)",
                ExitCode.FOOTER})
public final class BackupgenCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Now, for the default names of printed Jobs; {@link Cli} injects a fixed one in tests. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
