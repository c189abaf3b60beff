package io.backupgen.validate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to validate. Build with {@link #defaults()} and the {@code with...} methods.
 *
 * @param kubernetesVersion "1.31.0" (no leading v) or "master"; picks schemas and version-dependent rules
 * @param schemaLocations   kubeconform-style locations tried in order; empty means no schema layer
 *                          (the structural check and API rules still run, offline)
 * @param strictKinds       a kind no schema and no typed model knows is an error instead of skipped
 * @param cacheDir          where downloaded schemas are kept, by sha256 of their URL
 * @param externalRefs      how ConfigMap/PVC/ServiceAccount references missing from the set are reported
 * @param httpTimeout       per-request timeout for http(s) schema locations
 */
public record ValidatorOptions(String kubernetesVersion, List<String> schemaLocations, boolean strictKinds,
                               Path cacheDir, ExternalRefs externalRefs, Duration httpTimeout) {

    public static final String DEFAULT_KUBERNETES_VERSION = "1.31.0";

    /**
     * What a reference to an object not in the validated set means. Secrets are never required to
     * be in the set (credentials are created out of band); see {@code Rules}.
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
        if (cacheDir == null) {
            cacheDir = defaultCacheDir();
        }
        if (externalRefs == null) {
            externalRefs = ExternalRefs.ERROR;
        }
        if (httpTimeout == null) {
            httpTimeout = Duration.ofSeconds(30);
        }
    }

    public static ValidatorOptions defaults() {
        return new ValidatorOptions(DEFAULT_KUBERNETES_VERSION, List.of(), false, null, ExternalRefs.ERROR, null);
    }

    public ValidatorOptions withKubernetesVersion(String v) {
        return new ValidatorOptions(v, schemaLocations, strictKinds, cacheDir, externalRefs, httpTimeout);
    }

    public ValidatorOptions withSchemaLocations(List<String> locations) {
        return new ValidatorOptions(kubernetesVersion, locations, strictKinds, cacheDir, externalRefs, httpTimeout);
    }

    public ValidatorOptions withStrictKinds(boolean strict) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strict, cacheDir, externalRefs, httpTimeout);
    }

    public ValidatorOptions withCacheDir(Path dir) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strictKinds, dir, externalRefs, httpTimeout);
    }

    public ValidatorOptions withExternalRefs(ExternalRefs refs) {
        return new ValidatorOptions(kubernetesVersion, schemaLocations, strictKinds, cacheDir, refs, httpTimeout);
    }

    /** "v1.31.0" and "1.31.0" both mean 1.31.0; blank means the default. */
    static String normalizeVersion(String v) {
        if (v == null || v.isBlank()) {
            return DEFAULT_KUBERNETES_VERSION;
        }
        String s = v.strip();
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        if (!s.equals("master") && !s.matches("\\d+\\.\\d+\\.\\d+")) {
            throw new IllegalArgumentException("invalid Kubernetes version '" + v
                    + "': expected MAJOR.MINOR.PATCH such as 1.31.0, or master");
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
