package io.backupgen.emit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An exclusive lock on one output directory, so two renders into it run one after the other. It is
 * an operating-system lock on {@code .backupgen/lock}: a killed process never leaves it held. The
 * file is removed when the lock is released, so a finished render leaves none behind; a waiter that
 * then finds it has locked a removed file notices (the file no longer holds its token) and tries again.
 * A render that fails leaves no directory it created.
 */
public final class OutputLock implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(50);
    /**
     * Output directories locked by this JVM. File locks belong to the process, not the thread, so threads of
     * one JVM (tests, an embedding tool) are serialized here first, and never touch a file another one holds.
     */
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    /** Directories this lock created, innermost first: the state folder, the output, its missing parents. */
    private final List<Path> created;

    private OutputLock(Path root, FileChannel channel, FileLock lock, List<Path> created) {
        this.root = root;
        this.key = root.toAbsolutePath().normalize();
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    public Path root() {
        return root;
    }

    /**
     * Locks {@code root} (creating it if needed), waiting up to {@code timeout} for another render to
     * finish; {@code notices} hears that it waits. Throws {@link WriteException} when the wait times out or
     * the directory cannot be used.
     */
    public static OutputLock acquire(Path root, Duration timeout, Consumer<String> notices) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new WriteException(root + " is not a directory: the output (-o) must be a directory to write"
                    + " k8s/ and charts/ into");
        }
        List<Path> created = new ArrayList<>();
        for (Path d = StateDir.of(root).toAbsolutePath(); d != null && !Files.exists(d, LinkOption.NOFOLLOW_LINKS);
             d = d.getParent()) {
            created.add(d);
        }
        String token = "pid " + ProcessHandle.current().pid() + " "
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "\n";
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean told = false;
        Path key = root.toAbsolutePath().normalize();
        boolean mine = false;
        try {
            while (!HELD_HERE.add(key)) {
                if (System.nanoTime() > deadline) {
                    throw new WriteException("another render in this process has been writing into " + root
                            + " for more than " + timeout.toSeconds() + "s; nothing was written");
                }
                Thread.sleep(POLL.toMillis());
            }
            mine = true;
            while (true) {
                Files.createDirectories(StateDir.of(root));
                // The lock file is removed on release, so a waiter may lock a file that is no longer the one at
                // the path. Its identity is checked with stat() before opening and after locking; never by
                // opening the path again: closing any descriptor of a file drops this process's POSIX locks on it.
                boolean existed = Files.exists(StateDir.lock(root), LinkOption.NOFOLLOW_LINKS);
                Object before = existed ? fileKey(StateDir.lock(root)) : null;
                FileChannel ch;
                try {
                    ch = FileChannel.open(StateDir.lock(root), StandardOpenOption.CREATE, StandardOpenOption.READ,
                            StandardOpenOption.WRITE);
                } catch (NoSuchFileException e) {
                    continue; // the folder was removed by a render that just finished: make it again
                }
                FileLock l = tryLock(ch);
                if (l != null) {
                    if (existed && Objects.equals(before, fileKey(StateDir.lock(root)))) {
                        ch.truncate(0);
                        ch.write(ByteBuffer.wrap(token.getBytes(StandardCharsets.UTF_8)), 0);
                        mine = false;
                        return new OutputLock(root, ch, l, created);
                    }
                    l.release(); // a file its holder had already removed, or one we just made: look again
                    ch.close();
                    continue;
                }
                ch.close();
                if (System.nanoTime() > deadline) {
                    throw new WriteException("another backupgen render (" + holder(root) + ") has been writing into "
                            + root + " for more than " + timeout.toSeconds() + "s; nothing was written. Run again when"
                            + " it has finished, or wait longer with --lock-timeout");
                }
                if (!told) {
                    notices.accept("waiting for another backupgen render (" + holder(root) + ") to finish writing into "
                            + root);
                    told = true;
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (IOException e) {
            throw new WriteException("cannot lock " + root + " for writing; nothing was written", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteException("interrupted while waiting for the lock on " + root + "; nothing was written");
        } finally {
            if (mine) {
                HELD_HERE.remove(key);
            }
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by another thread of this JVM
        }
    }

    /** The file's identity (device and inode) from stat(), without opening it; null when it does not exist. */
    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static String holder(Path root) {
        try {
            String s = Files.readString(StateDir.lock(root), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : s.substring(0, s.lastIndexOf(' ') < 0 ? s.length() : s.lastIndexOf(' '));
        } catch (IOException e) {
            return "another process";
        }
    }

    /**
     * Removes the lock file and releases the lock; then removes the state folder and the output directory
     * if this lock created them and nothing was written into them (a failed first render leaves nothing).
     */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(StateDir.lock(root));
        } catch (IOException e) {
            // Left behind, it is harmless: the next render locks it again.
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing releases the lock in any case.
        }
        for (Path dir : created) {
            if (!deleteIfEmpty(dir)) {
                break;
            }
        }
        HELD_HERE.remove(key);
    }

    private static boolean deleteIfEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.findAny().isEmpty()) {
                Files.delete(dir);
                return true;
            }
            return false;
        } catch (IOException e) {
            return false; // not empty, or gone already: nothing more to undo
        }
    }
}
