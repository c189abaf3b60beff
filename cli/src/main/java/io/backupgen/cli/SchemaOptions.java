package io.backupgen.cli;

import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The schema flags, shared by {@code validate} and {@code render} so both read them alike (kubeconform's names). */
final class SchemaOptions {
    /** What --help says is carried; ValidateCommandTest keeps it equal to the jar's list. */
    static final String CARRIED = "1.29.0 to 1.36.0";

    @Option(names = "--kubernetes-version", paramLabel = "VERSION",
            description = "Kubernetes version to validate against: the built-in schemas cover " + CARRIED
                    + " (any patch release of those; default: the newest). Other versions need a --schema-location.")
    String kubernetesVersion;

    @Option(names = "--schema-location", paramLabel = "LOCATION",
            description = {"More schemas, tried in order before the built-in ones, as kubeconform's flag: a directory,"
                    + " 'default' (kubeconform's upstream URL), or a file path/URL template with"
                    + " {{ .NormalizedKubernetesVersion }}, {{ .StrictSuffix }}, {{ .ResourceKind }}, {{ .KindSuffix }},"
                    + " {{ .Group }}, {{ .ResourceAPIVersion }}. Repeatable. 'builtin' places the built-in schemas"
                    + " explicitly (they are otherwise last)."})
    List<String> schemaLocations = new ArrayList<>();

    @Option(names = {"--cache", "--cache-dir"}, paramLabel = "DIR",
            description = "Where downloaded schemas are cached (default: $XDG_CACHE_HOME/backupgen/schemas or"
                    + " ~/.cache/backupgen/schemas).")
    Path cacheDir;

    @Option(names = "--http-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Give up on a schema download after this many seconds (default: ${DEFAULT-VALUE}).")
    int httpTimeoutSeconds;

    /** The options these flags give; a bad version ({@code banana}), location or timeout is a usage error. */
    ValidatorOptions options() {
        if (httpTimeoutSeconds < 1) {
            throw new UserException(ExitCode.USAGE, "--http-timeout must be at least 1 second, got " + httpTimeoutSeconds);
        }
        try {
            return ValidatorOptions.defaults()
                    .withKubernetesVersion(kubernetesVersion)
                    .withSchemaLocations(schemaLocations)
                    .withCacheDir(cacheDir)
                    .withHttpTimeout(Duration.ofSeconds(httpTimeoutSeconds));
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
