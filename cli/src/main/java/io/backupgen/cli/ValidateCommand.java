package io.backupgen.cli;

import io.backupgen.document.DocumentReader;
import io.backupgen.report.OutputFormat;
import io.backupgen.report.ResultWriter;
import io.backupgen.validate.Result;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "validate",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Validate Kubernetes manifests as the API server would: the strict JSON schema of every built-in"
                + " kind (carried in backupgen, offline) and of the custom resources backupgen emits, plus API-server"
                + " rules the schemas lack (names, labels, cron, time zones, quantities, env names, references).",
                "Reads files, directories (recursively: *.yaml, *.yml, *.json) and '-' for stdin. Flags are"
                        + " kubeconform's where it has them."},
        footer = {"%nExamples:",
                "  backupgen validate --summary k8s/base",
                "  kustomize build k8s/overlays/production | backupgen validate -",
                "  backupgen validate --kubernetes-version 1.31.0 --ignore-missing-schemas k8s/",
                "  backupgen validate --schema-location default --kubernetes-version 1.28.0 k8s/",
                "  backupgen validate -o junit \\",
                "      --schema-location \\",
                "        '/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json' \\",
                "      k8s/ > validate.xml",
                ExitCode.FOOTER})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files, directories, or - for stdin.")
    List<String> paths = new ArrayList<>();

    @Mixin
    SchemaOptions schema;

    @Option(names = "--strict", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Unknown fields are errors, as the API server's strict field validation says (default)."
                    + " --strict=false uses the non-strict schemas.")
    boolean strict;

    @Option(names = "--ignore-missing-schemas",
            description = "Skip documents whose kind no schema location has, instead of failing them.")
    boolean ignoreMissingSchemas;

    @Option(names = "--skip", paramLabel = "KINDS", split = ",",
            description = "Kinds (or group/version/Kind) not to validate, comma-separated: reported as skipped.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--reject", paramLabel = "KINDS", split = ",",
            description = "Kinds (or group/version/Kind) to refuse, comma-separated: reported as errors.")
    List<String> reject = new ArrayList<>();

    @Option(names = "--ignore-filename-pattern", paramLabel = "REGEX",
            description = "Paths matching this regular expression are not read (repeatable).")
    List<String> ignoreFilenamePatterns = new ArrayList<>();

    @Option(names = "-n", paramLabel = "N",
            description = "Documents validated in parallel (default: the number of cores).")
    int parallelism = Runtime.getRuntime().availableProcessors();

    @Option(names = "--allow-external-refs", description = "The files are part of a larger set: a ConfigMap, PVC or"
            + " ServiceAccount they reference but do not define is a warning, not an error. (A Secret that is not in"
            + " the set is never an error: credentials are created out of band.)")
    boolean allowExternalRefs;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Report format: text, json or junit (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--summary", description = "Print a summary at the end (text and json; JUnit always counts).")
    boolean summary;

    @Option(names = "--verbose", description = "Also list valid and skipped documents (text and json).")
    boolean verbose;

    /** Standard input; replaceable by tests through {@link Cli}. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        if (parallelism < 1) {
            throw new UserException(ExitCode.USAGE, "-n must be at least 1, got " + parallelism);
        }
        List<Pattern> ignored = new ArrayList<>();
        for (String p : ignoreFilenamePatterns) {
            try {
                ignored.add(Pattern.compile(p));
            } catch (PatternSyntaxException e) {
                throw new UserException(ExitCode.USAGE, "--ignore-filename-pattern '" + p + "' is not a regular expression: "
                        + e.getDescription(), e);
            }
        }
        ValidatorOptions options = schema.options()
                .withStrict(strict)
                .withIgnoreMissingSchemas(ignoreMissingSchemas)
                .withSkipKinds(kinds(skip))
                .withRejectKinds(kinds(reject))
                .withParallelism(parallelism)
                .withExternalRefs(allowExternalRefs ? ValidatorOptions.ExternalRefs.WARN : ValidatorOptions.ExternalRefs.ERROR);
        Validator validator = schema.validator(options);
        ResultWriter writer = ResultWriter.of(output, spec.commandLine().getOut(), new ResultWriter.Options(summary, verbose));
        Validator.Outcome outcome;
        try {
            // streamed: each result is written as soon as it and the ones before it are final
            outcome = validator.validate(paths, stdin, path -> ignored.stream().anyMatch(p -> p.matcher(path).find()),
                    new Validator.Sink() {
                        @Override
                        public void source(String source) {
                            writer.source(source);
                        }

                        @Override
                        public void result(Result result) {
                            writer.write(result);
                        }
                    });
        } catch (UncheckedIOException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        if (outcome.results() == 0) {
            // an empty stream usually means the command before the pipe failed: never a pass
            throw new UserException(ExitCode.USAGE, "no documents found in " + String.join(", ", paths)
                    + (paths.contains(DocumentReader.STDIN) ? " (an empty stdin usually means the command before the pipe failed)"
                    : "") + ": nothing was validated");
        }
        writer.flush();
        return outcome.ok() ? ExitCode.OK : ExitCode.FINDINGS;
    }

    private static Set<String> kinds(List<String> list) {
        Set<String> out = new LinkedHashSet<>();
        list.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
