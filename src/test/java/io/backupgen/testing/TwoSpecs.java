package io.backupgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two specs whose trees differ in every way a write can: {@code a} is samples/minimal.yaml; {@code b}
 * changes the base (every file of k8s/base and of the chart), drops the staging environment (its
 * overlay is pruned) and keeps production.
 */
public record TwoSpecs(Path a, Path b) {
    public static TwoSpecs in(Path dir) {
        try {
            String minimal = Files.readString(Repo.root().resolve("samples/minimal.yaml"));
            Path a = dir.resolve("a.yaml");
            Files.writeString(a, minimal);
            Path b = dir.resolve("b.yaml");
            Files.writeString(b, minimal.replaceAll("(?s)  staging:.*?enabled: false\n", "")
                    + "database:\n  port: 6543\n");
            return new TwoSpecs(a, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
