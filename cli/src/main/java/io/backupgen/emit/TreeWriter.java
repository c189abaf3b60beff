package io.backupgen.emit;

import io.backupgen.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a rendered tree so that it lands whole or not at all: every file is first written to a
 * staging folder inside the output root (same file system), and only when all of them are there
 * are they renamed into place. Files a user owns or edited are never replaced without force.
 */
public final class TreeWriter {
    static final String STAGING_PREFIX = ".backupgen-staging-";

    private TreeWriter() {
    }

    /**
     * Compares {@code files} with what is under {@code root}. Generated files under {@code managedDirs}
     * that are no longer rendered are planned for deletion (only when untouched since written).
     */
    public static TreePlan plan(Path root, List<RenderedFile> files, Set<String> managedDirs) {
        List<TreePlan.Change> changes = new ArrayList<>();
        List<TreePlan.Conflict> conflicts = new ArrayList<>();
        Set<String> rendered = new HashSet<>();
        for (RenderedFile f : files) {
            rendered.add(f.path());
            Path target = root.resolve(f.path());
            String old = readIfExists(target);
            if (old == null) {
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.CREATE, null, f.content()));
            } else if (old.equals(f.content())) {
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.UNCHANGED, old, f.content()));
            } else {
                Ownership.Status status = Ownership.status(old);
                if (status != Ownership.Status.GENERATED) {
                    conflicts.add(new TreePlan.Conflict(f.path(), status));
                }
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.UPDATE, old, f.content()));
            }
        }
        for (String dir : managedDirs) {
            for (String stale : generatedFilesUnder(root, dir)) {
                if (!rendered.contains(stale)) {
                    changes.add(new TreePlan.Change(stale, TreePlan.Action.DELETE, readIfExists(root.resolve(stale)),
                            null));
                }
            }
        }
        changes.sort(Comparator.comparing(TreePlan.Change::path));
        conflicts.sort(Comparator.comparing(TreePlan.Conflict::path));
        return new TreePlan(root, List.copyOf(changes), List.copyOf(conflicts));
    }

    /**
     * Applies {@code plan}. Throws {@link ConflictException} (writing nothing) when it has conflicts
     * and {@code force} is false.
     */
    public static void apply(TreePlan plan, boolean force) {
        if (!plan.conflicts().isEmpty() && !force) {
            throw new ConflictException(plan.conflicts());
        }
        Path root = plan.root();
        List<TreePlan.Change> writes = plan.changes().stream()
                .filter(c -> c.action() == TreePlan.Action.CREATE || c.action() == TreePlan.Action.UPDATE).toList();
        if (writes.isEmpty() && plan.changes().stream().noneMatch(c -> c.action() == TreePlan.Action.DELETE)) {
            return;
        }
        Path staging = null;
        Map<String, Path> staged = new HashMap<>();
        try {
            Files.createDirectories(root);
            staging = Files.createTempDirectory(root, STAGING_PREFIX);
            // Phase 1: everything that can fail (disk full, permissions) happens here, before any target changes.
            int n = 0;
            for (TreePlan.Change c : writes) {
                Path tmp = staging.resolve(Integer.toString(n++));
                Files.writeString(tmp, c.newContent(), StandardCharsets.UTF_8);
                staged.put(c.path(), tmp);
                Files.createDirectories(root.resolve(c.path()).getParent());
            }
            // Phase 2: renames within one file system; each is atomic, and the set is done in one go.
            for (TreePlan.Change c : writes) {
                move(staged.get(c.path()), root.resolve(c.path()));
            }
            for (TreePlan.Change c : plan.changes()) {
                if (c.action() == TreePlan.Action.DELETE) {
                    Path p = root.resolve(c.path());
                    Files.deleteIfExists(p);
                    pruneEmptyParents(root, p.getParent());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + root + ": " + e.getMessage() + " (no file was changed"
                    + " unless the failure came while moving files into place)", e);
        } finally {
            if (staging != null) {
                deleteRecursively(staging);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<String> generatedFilesUnder(Path root, String dir) {
        Path base = root.resolve(dir);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(STAGING_PREFIX))
                    .filter(p -> {
                        String text = readIfExists(p);
                        return text != null && Ownership.status(text) == Ownership.Status.GENERATED;
                    })
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pruneEmptyParents(Path root, Path dir) throws IOException {
        Path d = dir;
        while (d != null && !d.equals(root) && d.startsWith(root)) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(d);
            d = d.getParent();
        }
    }

    static String readIfExists(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
        } catch (java.nio.charset.MalformedInputException e) {
            return ""; // binary: certainly not ours
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover staging folder is harmless and ignored next time
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
