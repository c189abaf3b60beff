package io.backupgen.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "version", description = "Print the backupgen version.", footer = ExitCode.FOOTER)
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(VersionProvider.version());
        return ExitCode.OK;
    }
}
