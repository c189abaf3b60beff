package io.backupgen.cli;

import io.backupgen.document.DocumentReader;
import io.backupgen.document.DocumentSet;
import io.backupgen.report.OutputFormat;
import io.backupgen.report.ResultWriter;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Validate Kubernetes manifests: strict JSON schemas (with --schema-location), the typed model"
                + " (offline), and API-server rules the schemas lack (names, labels, cron, time zones, quantities,"
                + " env names, references inside the set).",
                "Reads files, directories (recursively: *.yaml, *.yml, *.json) and '-' for stdin."},
        footer = {"%nExamples:",
                "  backupgen validate k8s/base",
                "  kustomize build k8s/overlays/production | backupgen validate -",
                "  backupgen validate --schema-location default k8s/",
                "  backupgen validate --kubernetes-version 1.36.0 -o junit \\",
                "      --schema-location /srv/k8s-schemas \\",
                "      --schema-location \\",
                "        '/crds/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json' \\",
                "      k8s/ > validate.xml",
                ExitCode.FOOTER})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files, directories, or - for stdin.")
    List<String> paths = new ArrayList<>();

    @Mixin
    SchemaOptions schema;

    @Option(names = "--strict-kinds", description = "Report kinds that no schema and no built-in model know as errors"
            + " instead of skipping them.")
    boolean strictKinds;

    @Option(names = "--allow-external-refs", description = "The files are part of a larger set: a ConfigMap, PVC or"
            + " ServiceAccount they reference but do not define is a warning, not an error. (A Secret that is not in"
            + " the set is never an error: credentials are created out of band.)")
    boolean allowExternalRefs;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: text, json or junit (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    /** Standard input; replaceable by tests through {@link Cli}. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        Validator validator = schema.validator(schema.options()
                .withStrictKinds(strictKinds)
                .withExternalRefs(allowExternalRefs ? ValidatorOptions.ExternalRefs.WARN : ValidatorOptions.ExternalRefs.ERROR));
        DocumentSet docs;
        try {
            docs = DocumentReader.read(paths, stdin);
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        ValidationReport report = validator.validate(docs);
        ResultWriter.of(output, spec.commandLine().getOut()).writeAll(report);
        return report.ok() ? ExitCode.OK : ExitCode.FINDINGS;
    }
}
