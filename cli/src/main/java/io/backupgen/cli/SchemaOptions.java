package io.backupgen.cli;

import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The schema-layer flags, shared by {@code validate} and {@code render} so both read them alike. */
final class SchemaOptions {
    @Option(names = "--kubernetes-version", paramLabel = "VERSION", defaultValue = ValidatorOptions.DEFAULT_KUBERNETES_VERSION,
            description = "Kubernetes version to validate against (default: ${DEFAULT-VALUE}).")
    String kubernetesVersion;

    @Option(names = "--schema-location", paramLabel = "LOCATION",
            description = {"Where to find JSON schemas, as kubeconform's flag: a directory, 'default', or a file path/URL"
                    + " template with {{ .NormalizedKubernetesVersion }}, {{ .StrictSuffix }}, {{ .ResourceKind }},"
                    + " {{ .KindSuffix }}, {{ .Group }}, {{ .ResourceAPIVersion }}. Repeatable; tried in order.",
                    "Without it, no schema layer runs (the typed model and API rules still do)."})
    List<String> schemaLocations = new ArrayList<>();

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where downloaded schemas are cached (default: $XDG_CACHE_HOME/backupgen/schemas or ~/.cache/backupgen/schemas).")
    Path cacheDir;

    /** The options these flags give; a bad version ({@code banana}) or location is a usage error. */
    ValidatorOptions options() {
        try {
            return ValidatorOptions.defaults()
                    .withKubernetesVersion(kubernetesVersion)
                    .withSchemaLocations(schemaLocations)
                    .withCacheDir(cacheDir);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
    }

    /** A validator for these options; a bad version or location template is a usage error. */
    Validator validator(ValidatorOptions options) {
        try {
            return new Validator(options);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
    }
}
