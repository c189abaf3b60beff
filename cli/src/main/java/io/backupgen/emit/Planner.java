package io.backupgen.emit;

import io.backupgen.render.RenderedFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides what a write would do (the {@link TreePlan}), reading the tree and the manifest, writing
 * nothing. Ownership: a rendered path may be replaced when the manifest records its bytes or its
 * generated-by checksum still holds; a path no longer rendered is removed only when the manifest
 * records it (a file that merely looks generated, such as a copy, is kept and mentioned).
 */
final class Planner {
    /** What is at one path of a managed folder on disk. */
    private record OnDisk(String path, Kind kind) {
    }

    private enum Kind { FILE, DIRECTORY, OTHER }

    private Planner() {
    }

    static TreePlan plan(Path root, List<RenderedFile> files, Set<String> managedDirs) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new WriteException(root + " is not a directory: the output (-o) must be a directory to write"
                    + " k8s/ and charts/ into");
        }
        List<String> units = units(managedDirs);
        Manifest manifest = Manifest.read(root);
        boolean interrupted = Files.exists(StateDir.journal(root), LinkOption.NOFOLLOW_LINKS);
        Map<String, OnDisk> disk = new TreeMap<>();
        for (String unit : units) {
            disk.putAll(scan(root, unit));
        }
        List<TreePlan.Change> changes = new ArrayList<>();
        List<TreePlan.Conflict> conflicts = new ArrayList<>();
        Set<String> rendered = new HashSet<>();
        for (RenderedFile f : files) {
            String unit = units.stream().filter(u -> f.path().startsWith(u + "/")).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(f.path() + " is outside every managed folder "
                            + units + "; the pipeline must declare the folder it renders into"));
            rendered.add(f.path());
            for (int slash = f.path().indexOf('/', unit.length() + 1); slash > 0; slash = f.path().indexOf('/', slash + 1)) {
                OnDisk above = disk.get(f.path().substring(0, slash));
                if (above != null && above.kind() != Kind.DIRECTORY) {
                    throw new WriteException(root.resolve(above.path()) + " is a file, where backupgen writes the folder"
                            + " holding " + f.path() + "; move it away and render again (nothing was written)");
                }
            }
            OnDisk old = disk.get(f.path());
            if (old == null) {
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.CREATE, null, f.content()));
            } else if (old.kind() == Kind.DIRECTORY) {
                throw new WriteException(root.resolve(f.path()) + " is a directory, where backupgen writes a file;"
                        + " move it away and render again (nothing was written)");
            } else if (old.kind() == Kind.OTHER) {
                conflicts.add(new TreePlan.Conflict(f.path(), Ownership.Status.FOREIGN));
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.UPDATE, "", f.content()));
            } else {
                byte[] bytes = Files.readAllBytes(root.resolve(f.path()));
                String text = new String(bytes, StandardCharsets.UTF_8);
                if (text.equals(f.content())) {
                    changes.add(new TreePlan.Change(f.path(), TreePlan.Action.UNCHANGED, text, f.content()));
                    continue;
                }
                if (!manifest.wrote(f.path(), bytes)) {
                    Ownership.Status status = Ownership.status(text);
                    if (status != Ownership.Status.GENERATED) {
                        conflicts.add(new TreePlan.Conflict(f.path(), status));
                    }
                }
                changes.add(new TreePlan.Change(f.path(), TreePlan.Action.UPDATE, text, f.content()));
            }
        }
        List<TreePlan.Kept> kept = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Set<String> removedFrom = new TreeSet<>();
        for (OnDisk d : disk.values()) {
            if (rendered.contains(d.path())) {
                continue;
            }
            if (d.kind() == Kind.DIRECTORY) {
                if (disk.keySet().stream().noneMatch(p -> p.startsWith(d.path() + "/"))) {
                    kept.add(new TreePlan.Kept(d.path(), true));
                }
                continue;
            }
            if (d.kind() == Kind.FILE && manifest.lists(d.path())) {
                byte[] bytes = Files.readAllBytes(root.resolve(d.path()));
                if (!manifest.wrote(d.path(), bytes)) {
                    conflicts.add(new TreePlan.Conflict(d.path(), Ownership.Status.EDITED, true));
                }
                changes.add(new TreePlan.Change(d.path(), TreePlan.Action.DELETE,
                        new String(bytes, StandardCharsets.UTF_8), null));
                removedFrom.add(parent(d.path()));
                continue;
            }
            kept.add(new TreePlan.Kept(d.path(), false));
            if (d.kind() == Kind.FILE && Files.size(root.resolve(d.path())) < 1024 * 1024
                    && Ownership.status(Files.readString(root.resolve(d.path()), StandardCharsets.ISO_8859_1))
                    == Ownership.Status.GENERATED) {
                notes.add("kept " + d.path() + ": it has backupgen's header, but backupgen has no record of writing"
                        + " it there (a copy, or a file from before " + StateDir.MANIFEST_PATH + " existed); delete it"
                        + " yourself if it is stale");
            }
        }
        for (TreePlan.Kept k : kept) {
            String dir = k.directory() ? k.path() : parent(k.path());
            boolean stillRendered = rendered.stream().anyMatch(p -> p.startsWith(dir + "/"));
            if (!k.directory() && removedFrom.contains(dir) && !stillRendered) {
                notes.add("kept " + k.path() + " (not written by backupgen) although the generated files beside it"
                        + " are removed; delete " + dir + "/ yourself if it is no longer needed");
            }
        }
        changes.sort(Comparator.comparing(TreePlan.Change::path));
        conflicts.sort(Comparator.comparing(TreePlan.Conflict::path));
        return new TreePlan(root, units, List.copyOf(changes), List.copyOf(conflicts), List.copyOf(kept),
                List.copyOf(notes), manifest, interrupted);
    }

    /** Managed folders, sorted; none may hold another, since each is switched as a whole. */
    private static List<String> units(Set<String> managedDirs) {
        List<String> units = new ArrayList<>(new TreeSet<>(managedDirs));
        for (String a : units) {
            for (String b : units) {
                if (!a.equals(b) && b.startsWith(a + "/")) {
                    throw new IllegalArgumentException("managed folders " + a + " and " + b + " overlap");
                }
            }
        }
        return units;
    }

    /** Everything under {@code root/unit} (without following links), by path relative to root. */
    private static Map<String, OnDisk> scan(Path root, String unit) throws IOException {
        Path base = root.resolve(unit);
        Map<String, OnDisk> out = new TreeMap<>();
        if (Files.isSymbolicLink(base)) {
            throw new WriteException(base + " is a symbolic link; backupgen replaces " + unit + "/ as a whole by"
                    + " renaming and would replace the link: write to the folder it points to instead (-o)");
        }
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            throw new WriteException(base + " is a file, where backupgen writes the folder " + unit
                    + "/; move it away and render again (nothing was written)");
        }
        Files.walkFileTree(base, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(base)) {
                    out.put(relative(root, dir), new OnDisk(relative(root, dir), Kind.DIRECTORY));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String rel = relative(root, file);
                out.put(rel, new OnDisk(rel, attrs.isRegularFile() ? Kind.FILE : Kind.OTHER));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    static String relative(Path root, Path p) {
        return root.relativize(p).toString().replace('\\', '/');
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
