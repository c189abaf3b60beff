package io.backupgen.cli;

import io.backupgen.spec.SpecSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "schema",
        description = "Print the JSON Schema of the spec, for editor completion and checks.",
        footer = {"%nExamples:",
                "  backupgen schema > backupgen.schema.json",
                "  # then in backupgen.yaml:  # yaml-language-server: $schema=backupgen.schema.json",
                ExitCode.FOOTER})
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(SpecSchema.text());
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
