package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Whole-tree golden comparison. Re-record with {@code mvn test -Dgolden.update=true}; refused when
 * {@code CI=true}, so CI can never bless its own output.
 */
public final class Golden {
    public static final String UPDATE_PROPERTY = "golden.update";

    private Golden() {
    }

    public static void assertTreeMatches(Path actualRoot, Path goldenRoot) {
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("refusing -Dgolden.update=true under CI=true: record golden files locally");
            }
            record(actualRoot, goldenRoot);
            return;
        }
        if (!Files.isDirectory(goldenRoot)) {
            throw new AssertionError("no golden tree at " + goldenRoot + "; record it with mvn test -D"
                    + UPDATE_PROPERTY + "=true and review the diff");
        }
        Set<String> actual = files(actualRoot);
        Set<String> expected = files(goldenRoot);
        List<String> problems = new ArrayList<>();
        for (String f : expected) {
            if (!actual.contains(f)) {
                problems.add("missing: " + f);
            }
        }
        for (String f : actual) {
            if (!expected.contains(f)) {
                problems.add("extra: " + f);
            } else if (!read(actualRoot.resolve(f)).equals(read(goldenRoot.resolve(f)))) {
                problems.add("differs: " + f);
            }
        }
        assertThat(problems).as("rendered tree vs golden %s (re-record with -D%s=true)", goldenRoot, UPDATE_PROPERTY)
                .isEmpty();
    }

    private static void record(Path actualRoot, Path goldenRoot) {
        try {
            if (Files.exists(goldenRoot)) {
                try (Stream<Path> w = Files.walk(goldenRoot)) {
                    for (Path p : w.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            for (String f : files(actualRoot)) {
                Path target = goldenRoot.resolve(f);
                Files.createDirectories(target.getParent());
                Files.copy(actualRoot.resolve(f), target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<String> files(Path root) {
        if (!Files.isDirectory(root)) {
            return Set.of();
        }
        try (Stream<Path> w = Files.walk(root)) {
            return w.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
