package io.backupgen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A written tree as data (path to content), for "wholly old or wholly new" assertions. backupgen's
 * working files (lock, journal, staging folders) are left out; its manifest is in, since it is part of
 * what a write switches.
 */
public final class Trees {
    private Trees() {
    }

    public static SortedMap<String, String> snapshot(Path root) {
        SortedMap<String, String> out = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith(".backupgen/") && !rel.equals(".backupgen/manifest")
                        && !rel.equals(".backupgen/.gitignore")) {
                    continue;
                }
                out.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The entries of {@code tree} whose path starts with {@code prefix}. */
    public static SortedMap<String, String> under(Map<String, String> tree, String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        tree.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Writes {@code tree} under {@code root} (which should be empty). */
    public static void write(Path root, Map<String, String> tree) {
        try {
            for (Map.Entry<String, String> e : tree.entrySet()) {
                Path p = root.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue().getBytes(StandardCharsets.ISO_8859_1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries left in backupgen's state folder besides the manifest: a journal, a lock, staging folders. */
    public static java.util.List<String> workingFiles(Path root) {
        Path state = root.resolve(".backupgen");
        if (!Files.isDirectory(state)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(state)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("manifest") && !n.equals(".gitignore"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
