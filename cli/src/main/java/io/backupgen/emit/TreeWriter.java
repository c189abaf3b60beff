package io.backupgen.emit;

import io.backupgen.render.RenderedFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Writes a rendered tree so that each managed folder ({@code k8s/}, {@code charts/<slug>/}) switches
 * from its old to its new version as a whole, never mixed:
 * <ol>
 *   <li>{@link #lock}: an exclusive lock on the output directory; an earlier write that was interrupted
 *       after its commit point is finished, and staging folders of interrupted writes are removed;</li>
 *   <li>{@link #plan}: decide, writing nothing ({@code --check} stops here);</li>
 *   <li>{@link #apply}: build each new folder complete in {@code .backupgen/staging-*} (rendered files,
 *       plus the user's own files of the old folder, hard-linked), with the new manifest; write the
 *       journal (the commit point); switch each folder with two renames; remove the journal and the old
 *       versions. A failure before the commit changes nothing; a failure after it is rolled back; a
 *       crash after it is rolled forward by the next run's {@link #lock}.</li>
 * </ol>
 */
public final class TreeWriter {
    /** How long a render waits for another one writing into the same directory. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);

    private TreeWriter() {
    }

    /**
     * Locks {@code root} for writing (see {@link OutputLock}), then finishes an interrupted write and removes
     * leftover staging folders; {@code notices} hears about each.
     */
    public static OutputLock lock(Path root, Duration timeout, Consumer<String> notices) {
        OutputLock lock = OutputLock.acquire(root, timeout, notices);
        try {
            recover(root, notices);
            return lock;
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Compares {@code files} with what is under {@code root}. Files under {@code managedDirs} that backupgen
     * wrote (per its manifest) and no longer renders are planned for deletion.
     */
    public static TreePlan plan(Path root, List<RenderedFile> files, Set<String> managedDirs) {
        try {
            return Planner.plan(root, files, managedDirs);
        } catch (IOException e) {
            throw new WriteException("cannot read the tree under " + root, e);
        }
    }

    /**
     * Every path {@link #plan} reads under {@code root}: each managed folder (walked whole) and the state
     * files. What a memo of a passing check must find unchanged (see {@code memo.CheckMemo}).
     */
    public static List<Path> planReads(Path root, Set<String> managedDirs) {
        List<Path> reads = new java.util.ArrayList<>();
        new java.util.TreeSet<>(managedDirs).forEach(d -> reads.add(root.resolve(d)));
        reads.add(StateDir.manifest(root));
        reads.add(StateDir.journal(root));
        return reads;
    }

    /** As {@link #apply(TreePlan, boolean, OutputLock, WriteStep.Listener)}, hearing no steps. */
    public static void apply(TreePlan plan, boolean force, OutputLock lock) {
        apply(plan, force, lock, WriteStep.Listener.NONE);
    }

    /**
     * Applies {@code plan} under {@code lock}. Throws {@link ConflictException} (writing nothing) when it has
     * conflicts and {@code force} is false, and {@link WriteException} when writing fails, saying what state
     * the tree is in.
     */
    public static void apply(TreePlan plan, boolean force, OutputLock lock, WriteStep.Listener listener) {
        if (!plan.conflicts().isEmpty() && !force) {
            throw new ConflictException(plan.conflicts());
        }
        Path root = plan.root();
        if (!lock.root().toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("the lock is on " + lock.root() + ", the plan writes " + root);
        }
        Map<String, List<TreePlan.Change>> byUnit = new LinkedHashMap<>();
        for (String unit : plan.units()) {
            List<TreePlan.Change> changes = plan.changes().stream()
                    .filter(c -> c.path().startsWith(unit + "/")).toList();
            if (changes.stream().anyMatch(c -> c.action() != TreePlan.Action.UNCHANGED)) {
                byUnit.put(unit, changes);
            }
        }
        Map<String, byte[]> written = new LinkedHashMap<>();
        for (TreePlan.Change c : plan.changes()) {
            if (c.newContent() != null) {
                written.put(c.path(), c.newContent().getBytes(StandardCharsets.UTF_8));
            }
        }
        Manifest manifest = plan.manifest().replacing(plan.units(), written);
        if (byUnit.isEmpty() && manifest.equals(plan.manifest()) && Files.exists(StateDir.manifest(root))) {
            return;
        }
        new Write(plan, byUnit, manifest, listener).run();
    }

    /** One write of {@link #apply}: staging, commit, switch, clean up. */
    private static final class Write {
        private final TreePlan plan;
        private final Path root;
        private final Map<String, List<TreePlan.Change>> byUnit;
        private final Manifest manifest;
        private final WriteStep.Listener listener;
        private final List<Path> createdParents = new ArrayList<>();

        Write(TreePlan plan, Map<String, List<TreePlan.Change>> byUnit, Manifest manifest,
              WriteStep.Listener listener) {
            this.plan = plan;
            this.root = plan.root();
            this.byUnit = byUnit;
            this.manifest = manifest;
            this.listener = listener;
        }

        void run() {
            String name = StateDir.STAGING_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Path staging = StateDir.of(root).resolve(name);
            Journal journal;
            try {
                Files.createDirectory(staging);
                journal = stage(staging, name);
                if (!Files.exists(StateDir.gitignore(root))) {
                    Path tmp = staging.resolve("gitignore");
                    writeDurably(tmp, StateDir.GITIGNORE.getBytes(StandardCharsets.UTF_8));
                    Journal.move(tmp, StateDir.gitignore(root));
                }
                listener.at(WriteStep.STAGED, "");
                journal.commit(root);
            } catch (IOException | RuntimeException e) {
                deleteRecursively(staging);
                undoParents();
                throw failure("nothing under " + root + " was changed", e);
            }
            try {
                listener.at(WriteStep.JOURNAL_WRITTEN, "");
                journal.forward(root, listener);
            } catch (IOException | RuntimeException e) {
                try {
                    journal.backward(root);
                    Journal.remove(root);
                } catch (IOException | RuntimeException again) {
                    e.addSuppressed(again);
                    throw failure("the write into " + root + " was interrupted and could not be undone; the next"
                            + " 'backupgen render' into it finishes it", e);
                }
                deleteRecursively(staging);
                undoParents();
                throw failure("nothing under " + root + " was changed (the switch was rolled back)", e);
            }
            // The new tree is in place; whatever of the clean-up fails is redone by the next render.
            try {
                Journal.remove(root);
                listener.at(WriteStep.JOURNAL_REMOVED, "");
            } catch (IOException e) {
                // a journal whose switches are all done: the next render's recovery only removes it
            }
            deleteRecursively(staging);
            try {
                listener.at(WriteStep.CLEANED, "");
            } catch (IOException e) {
                // nothing left to undo
            }
        }

        /** Builds every new folder and the new manifest under {@code staging}; returns the journal to commit. */
        private Journal stage(Path staging, String name) throws IOException {
            List<Journal.Swap> swaps = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<TreePlan.Change>> e : byUnit.entrySet()) {
                String unit = e.getKey();
                Path fresh = staging.resolve("new-" + i);
                Path old = root.resolve(unit);
                Files.createDirectory(fresh);
                copyMode(old, fresh);
                for (TreePlan.Change c : e.getValue()) {
                    if (c.action() == TreePlan.Action.DELETE) {
                        continue;
                    }
                    Path target = fresh.resolve(inUnit(unit, c.path()));
                    Files.createDirectories(target.getParent());
                    if (c.action() != TreePlan.Action.UNCHANGED || !link(root.resolve(c.path()), target)) {
                        writeDurably(target, c.newContent().getBytes(StandardCharsets.UTF_8));
                    }
                    listener.at(WriteStep.FILE_STAGED, c.path());
                }
                for (TreePlan.Kept k : plan.kept()) {
                    if (k.path().startsWith(unit + "/")) {
                        carry(root.resolve(k.path()), fresh.resolve(inUnit(unit, k.path())), k.directory());
                        listener.at(WriteStep.FILE_STAGED, k.path());
                    }
                }
                copyDirectoryModes(old, fresh);
                boolean existed = Files.exists(old, LinkOption.NOFOLLOW_LINKS);
                swaps.add(new Journal.Swap(i++, unit, existed));
                createParents(old.getParent());
            }
            Path fresh = staging.resolve("new-" + i);
            writeDurably(fresh, manifest.text().getBytes(StandardCharsets.UTF_8));
            swaps.add(new Journal.Swap(i, StateDir.MANIFEST_PATH, Files.exists(StateDir.manifest(root))));
            return new Journal(name, swaps);
        }

        private void createParents(Path dir) throws IOException {
            List<Path> missing = new ArrayList<>();
            for (Path d = dir; d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS); d = d.getParent()) {
                missing.add(0, d);
            }
            for (Path d : missing) {
                Files.createDirectory(d);
                createdParents.add(0, d);
            }
        }

        private void undoParents() {
            for (Path d : createdParents) {
                try {
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    return; // not empty: someone else put something there
                }
            }
        }

        private static WriteException failure(String state, Exception e) {
            if (e instanceof WriteException w) {
                return w;
            }
            if (e instanceof IOException io) {
                return new WriteException(state, io);
            }
            if (e instanceof UncheckedIOException u) {
                return new WriteException(state, u.getCause());
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Finishes the write a journal records (rolls it forward: its new versions are complete), then removes
     * staging folders no journal refers to, including those of renders from before the journal existed.
     */
    static void recover(Path root, Consumer<String> notices) {
        try {
            var journal = Journal.read(root);
            if (journal.isPresent()) {
                journal.get().forward(root, WriteStep.Listener.NONE);
                Journal.remove(root);
                notices.accept("finished a write into " + root + " that an earlier render started and did not end");
            }
            int removed = 0;
            for (Path dir : List.of(StateDir.of(root), root)) {
                String prefix = dir.equals(root) ? StateDir.LEGACY_STAGING_PREFIX : StateDir.STAGING_PREFIX;
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> p.getFileName().toString()
                        .startsWith(prefix))) {
                    for (Path p : s) {
                        deleteRecursively(p);
                        removed++;
                    }
                }
            }
            if (removed > 0) {
                notices.accept("removed " + removed + " staging folder(s) left in " + root + " by interrupted renders");
            }
        } catch (IOException e) {
            throw new WriteException("cannot finish the interrupted write recorded in " + StateDir.journal(root)
                    + "; look at " + StateDir.of(root) + " (the staging folder it names holds the new and old versions)"
                    + " and remove the journal once the tree is as you want it", e);
        }
    }

    private static String inUnit(String unit, String path) {
        return path.substring(unit.length() + 1);
    }

    /** A hard link to an unchanged or kept file (same inode, times and mode); false where links are not possible. */
    private static boolean link(Path existing, Path link) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Carries a user's file, link or empty folder into the new version of its folder, untouched. */
    private static void carry(Path from, Path to, boolean directory) throws IOException {
        Files.createDirectories(to.getParent());
        if (directory) {
            Files.createDirectories(to);
        } else if (Files.isSymbolicLink(from)) {
            Files.createSymbolicLink(to, Files.readSymbolicLink(from));
        } else if (!link(from, to)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        }
    }

    static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** The new folder gets the old one's permissions, so a switch does not change who may read it. */
    private static void copyMode(Path from, Path to) throws IOException {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null && Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            dst.setPermissions(src.readAttributes().permissions());
        }
    }

    private static void copyDirectoryModes(Path oldUnit, Path freshUnit) throws IOException {
        if (!Files.isDirectory(oldUnit, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(freshUnit, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(freshUnit)) {
                    copyMode(oldUnit.resolve(freshUnit.relativize(dir).toString()), dir);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes a staging folder, never following links (kept files in it are links to the user's). */
    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: what is left is removed by the next render, under its lock.
        }
    }
}
