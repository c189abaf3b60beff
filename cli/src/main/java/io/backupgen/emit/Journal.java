package io.backupgen.emit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commit record of one write: which targets (managed folders, and the manifest) are switched to
 * which staged versions. Each switch is two renames: the old target into the staging folder
 * ({@code old-N}), then the staged {@code new-N} into place. Once the journal is on disk the new
 * versions are complete, so an interrupted write is finished by rolling forward; before it is on disk
 * nothing under the output changed. Both directions are decided from what exists, so running either
 * again after a crash part-way is safe.
 */
final class Journal {
    private static final String HEADER = "backupgen journal 1";

    /** One switch: {@code target} (relative to the output) becomes {@code new-index}. */
    record Swap(int index, String target, boolean existed) {
    }

    private final String staging;
    private final List<Swap> swaps;

    Journal(String staging, List<Swap> swaps) {
        this.staging = staging;
        this.swaps = List.copyOf(swaps);
    }

    String staging() {
        return staging;
    }

    List<Swap> swaps() {
        return swaps;
    }

    /** Writes the journal durably (temporary file, fsync, rename): the commit point of a write. */
    void commit(Path root) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append("staging ").append(staging).append('\n');
        for (Swap s : swaps) {
            sb.append("swap ").append(s.index()).append(' ').append(s.existed() ? "present" : "absent").append(' ')
                    .append(s.target()).append('\n');
        }
        Path tmp = stagingDir(root).resolve("journal");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        move(tmp, StateDir.journal(root));
        syncDirectory(StateDir.of(root));
    }

    /** The journal of an interrupted write, if there is one. */
    static Optional<Journal> read(Path root) throws IOException {
        Path file = StateDir.journal(root);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER) || lines.size() < 2 || !lines.get(1).startsWith("staging ")) {
            throw new IOException(file + " is not a backupgen journal");
        }
        String staging = lines.get(1).substring("staging ".length());
        if (!staging.startsWith(StateDir.STAGING_PREFIX) || staging.contains("/")) {
            throw new IOException(file + " names an unexpected staging folder '" + staging + "'");
        }
        List<Swap> swaps = new ArrayList<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split(" ", 4);
            if (f.length != 4 || !f[0].equals("swap") || !(f[2].equals("present") || f[2].equals("absent"))
                    || f[3].startsWith("/") || f[3].contains("..")) {
                throw new IOException(file + ": unreadable line '" + line + "'");
            }
            swaps.add(new Swap(Integer.parseInt(f[1]), f[3], f[2].equals("present")));
        }
        return Optional.of(new Journal(staging, swaps));
    }

    Path stagingDir(Path root) {
        return StateDir.of(root).resolve(staging);
    }

    /** Completes every switch not yet done; {@code listener} hears each rename. */
    void forward(Path root, WriteStep.Listener listener) throws IOException {
        Path dir = stagingDir(root);
        for (Swap s : swaps) {
            Path target = root.resolve(s.target());
            Path fresh = dir.resolve("new-" + s.index());
            Path old = dir.resolve("old-" + s.index());
            if (!exists(fresh)) {
                continue; // already in place
            }
            if (exists(target)) {
                if (exists(old)) {
                    throw new IOException("cannot finish the interrupted write: " + target + " and " + old
                            + " both exist (was " + s.target() + " recreated by hand?); move one of them away");
                }
                move(target, old);
                listener.at(WriteStep.OLD_MOVED, s.target());
            }
            move(fresh, target);
            listener.at(WriteStep.NEW_MOVED, s.target());
        }
    }

    /** Undoes the switches done so far, last first, putting every old version back. */
    void backward(Path root) throws IOException {
        Path dir = stagingDir(root);
        for (int i = swaps.size() - 1; i >= 0; i--) {
            Swap s = swaps.get(i);
            Path target = root.resolve(s.target());
            Path fresh = dir.resolve("new-" + s.index());
            Path old = dir.resolve("old-" + s.index());
            boolean newInPlace = !exists(fresh) && exists(target);
            if (exists(old) || !s.existed()) {
                if (newInPlace) {
                    move(target, fresh);
                }
                if (exists(old) && !exists(target)) {
                    move(old, target);
                }
            }
        }
    }

    static void remove(Path root) throws IOException {
        Files.deleteIfExists(StateDir.journal(root));
        syncDirectory(StateDir.of(root));
    }

    private static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically: they are on different file"
                    + " systems (is " + to + " a mount point?); backupgen switches folders by renaming", e);
        }
    }

    /** Makes a rename durable where the platform allows opening a directory; best effort elsewhere. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can fsync a directory; the rename itself is still atomic.
        }
    }
}
