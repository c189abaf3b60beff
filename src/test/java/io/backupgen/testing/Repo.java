package io.backupgen.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the repository and of ../shared, with a clear failure when something is missing. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        if (!Files.exists(p.resolve("pom.xml"))) {
            throw new IllegalStateException("tests must run from the repository root (mvn test); cwd is " + p);
        }
        return p;
    }

    public static Path shared() {
        String prop = System.getProperty("backupgen.shared");
        Path p = prop != null ? Path.of(prop) : root().resolve("../shared");
        if (!Files.isDirectory(p.resolve("k8s-schemas"))) {
            throw new IllegalStateException("../shared/k8s-schemas is missing (looked in " + p.toAbsolutePath().normalize()
                    + "); clone the repo beside shared/ or pass -Dbackupgen.shared=DIR");
        }
        return p.toAbsolutePath().normalize();
    }

    public static List<Path> samples() {
        try (Stream<Path> s = Files.list(root().resolve("samples"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String sampleName(Path sample) {
        String f = sample.getFileName().toString();
        return f.substring(0, f.length() - ".yaml".length());
    }
}
