package io.backupgen.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The offline Kubernetes schemas of {@code ../shared/k8s-schemas} (test data; the product never
 * needs them), located through the {@code backupgen.shared} system property the pom passes to tests.
 */
public final class SharedSchemas {
    public static final String PROPERTY = "backupgen.shared";

    private SharedSchemas() {
    }

    /** {@code ../shared}; fails with a message saying what is missing. */
    public static Path shared() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; run the tests through Maven"
                    + " (the pom sets it to ${project.basedir}/../shared) or pass -D" + PROPERTY + "=/path/to/shared");
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    /** {@code ../shared/k8s-schemas}, checked to hold the built-in and CRD schemas. */
    public static Path dir() {
        Path dir = shared().resolve("k8s-schemas");
        for (Path must : List.of(dir.resolve("v1.31.0-standalone-strict"), dir.resolve("crds"))) {
            if (!Files.isDirectory(must)) {
                throw new IllegalStateException("shared schema folder " + must + " is missing (" + PROPERTY + "="
                        + System.getProperty(PROPERTY) + "); see ../shared/k8s-schemas/README.md");
            }
        }
        return dir;
    }

    /**
     * The {@code --schema-location} values for the shared schemas, in kubeconform's layout: built-in
     * kinds first, then the CRDs. Pass them to {@code ValidatorOptions.withSchemaLocations} or
     * repeat them as {@code --schema-location} arguments.
     */
    public static List<String> location() {
        Path dir = dir();
        return List.of(
                dir + "/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json",
                dir + "/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json");
    }

    /** {@link #location()} as CLI arguments: {@code --schema-location X --schema-location Y}. */
    public static List<String> args() {
        return location().stream().flatMap(l -> java.util.stream.Stream.of("--schema-location", l)).toList();
    }
}
