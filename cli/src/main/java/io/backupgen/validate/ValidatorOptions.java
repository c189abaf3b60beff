package io.backupgen.validate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How to validate. Build with {@link #defaults()} and the {@code with...} methods.
 *
 * @param kubernetesVersion    "1.31.0" (no leading v) or "master"; picks schemas and version-dependent rules
 * @param schemaLocations      kubeconform-style locations tried in order before the built-in schemas
 *                             ({@code builtin} names where those go; empty: built-in schemas only)
 * @param strict               unknown fields are errors (the strict schemas); false: the non-strict ones
 * @param ignoreMissingSchemas a kind no location has a schema for is skipped instead of an error
 * @param skipKinds            kinds (or {@code group/version/Kind}) not validated at all: SKIPPED
 * @param rejectKinds          kinds (or {@code group/version/Kind}) refused outright: ERROR
 * @param cacheDir             where downloaded schemas are kept, by sha256 of their URL
 * @param externalRefs         how ConfigMap/PVC/ServiceAccount references missing from the set are reported
 * @param httpTimeout          per-request timeout for http(s) schema locations
 * @param parallelism          documents validated at once (kubeconform's {@code -n})
 */
public record ValidatorOptions(String kubernetesVersion, List<String> schemaLocations, boolean strict,
                               boolean ignoreMissingSchemas, Set<String> skipKinds, Set<String> rejectKinds,
                               Path cacheDir, ExternalRefs externalRefs, Duration httpTimeout, int parallelism) {

    /** kubeconform's name for its upstream schema repository. */
    public static final String DEFAULT_LOCATION = "default";
    /** The schemas carried in the jar, as a location: listed explicitly, it sets their place in the order. */
    public static final String BUILTIN_LOCATION = "builtin";

    /**
     * What a reference to an object not in the validated set means. Secrets are never required to
     * be in the set (credentials are created out of band).
     */
    public enum ExternalRefs {
        /** The set is complete: a ConfigMap/PVC/ServiceAccount it does not define is an error. */
        ERROR,
        /** The set may be partial (e.g. one file of a larger app): missing objects are warnings. */
        WARN
    }

    public ValidatorOptions {
        kubernetesVersion = normalizeVersion(kubernetesVersion);
        schemaLocations = List.copyOf(schemaLocations);
        skipKinds = Set.copyOf(skipKinds);
        rejectKinds = Set.copyOf(rejectKinds);
        if (cacheDir == null) {
            cacheDir = defaultCacheDir();
        }
        if (externalRefs == null) {
            externalRefs = ExternalRefs.ERROR;
        }
        if (httpTimeout == null) {
            httpTimeout = Duration.ofSeconds(30);
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /** Built-in strict schemas of the newest carried Kubernetes version, offline. */
    public static ValidatorOptions defaults() {
        return new ValidatorOptions(BuiltInSchemas.newest(), List.of(), true, false, Set.of(), Set.of(), null,
                ExternalRefs.ERROR, null, 1);
    }

    public ValidatorOptions withKubernetesVersion(String v) {
        return new ValidatorOptions(v, schemaLocations, strict, ignoreMissingSchemas, skipKinds, rejectKinds, cacheDir,
                externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withSchemaLocations(List<String> locations) {
        return new ValidatorOptions(kubernetesVersion, locations, strict, ignoreMissingSchemas, skipKinds, rejectKinds,
                cacheDir, externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withStrict(boolean s) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, s, ignoreMissingSchemas, skipKinds, rejectKinds,
                cacheDir, externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withIgnoreMissingSchemas(boolean ignore) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignore, skipKinds, rejectKinds, cacheDir,
                externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withSkipKinds(Set<String> kinds) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, kinds, rejectKinds,
                cacheDir, externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withRejectKinds(Set<String> kinds) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, skipKinds, kinds,
                cacheDir, externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withCacheDir(Path dir) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, skipKinds,
                rejectKinds, dir, externalRefs, httpTimeout, parallelism);
    }

    public ValidatorOptions withExternalRefs(ExternalRefs refs) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, skipKinds,
                rejectKinds, cacheDir, refs, httpTimeout, parallelism);
    }

    public ValidatorOptions withHttpTimeout(Duration timeout) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, skipKinds,
                rejectKinds, cacheDir, externalRefs, timeout, parallelism);
    }

    public ValidatorOptions withParallelism(int n) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, ignoreMissingSchemas, skipKinds,
                rejectKinds, cacheDir, externalRefs, httpTimeout, n);
    }

    /** "v1.31.0" and "1.31.0" both mean 1.31.0; blank means the newest carried version. */
    static String normalizeVersion(String v) {
        if (v == null || v.isBlank()) {
            return BuiltInSchemas.newest();
        }
        String s = v.strip();
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        if (!s.equals("master") && !s.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("invalid Kubernetes version '" + v
                    + "': expected MAJOR.MINOR.PATCH such as " + BuiltInSchemas.newest() + "; the built-in schemas cover "
                    + String.join(", ", BuiltInSchemas.versions()));
        }
        return s;
    }

    /** Minor version as a number (1.31.0 -> 31); "master" counts as the newest. */
    public int minor() {
        return kubernetesVersion.equals("master") ? Integer.MAX_VALUE : Integer.parseInt(kubernetesVersion.split("\\.")[1]);
    }

    /** $XDG_CACHE_HOME/backupgen/schemas, or ~/.cache/backupgen/schemas. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("backupgen").resolve("schemas");
    }
}
