package io.backupgen.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an I/O failure into what a person needs: which path, what went wrong in words, and what to do.
 * Java's own messages are a bare path ({@code AccessDeniedException: out}) or a decoder detail
 * ({@code Input length = 1}); these are what every command prints instead.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** The path (when known), the cause in words, and advice; each may be empty except the cause. */
    public record Problem(String path, String cause, String advice) {
        /** {@code path: cause}, one line. */
        public String summary() {
            return path.isEmpty() ? cause : SafeText.visible(path) + ": " + cause;
        }
    }

    /** The first {@link IOException} in {@code t}'s cause chain, described; empty when there is none. */
    public static Optional<Problem> find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof IOException io) {
                return Optional.of(describe(io));
            }
            if (c instanceof UncheckedIOException u) {
                return Optional.of(describe(u.getCause()));
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Optional.empty();
    }

    public static Problem describe(IOException e) {
        if (e instanceof CharacterCodingException) {
            return new Problem("", "not UTF-8 text (is it a binary file?)", "save the file as UTF-8 text");
        }
        if (e instanceof FileSystemException fse) {
            String path = fse.getFile() == null ? "" : fse.getFile();
            if (fse.getOtherFile() != null) {
                path = path + " -> " + fse.getOtherFile();
            }
            String reason = fse.getReason() == null ? "" : fse.getReason();
            String lower = reason.toLowerCase(Locale.ROOT);
            if (fse instanceof NoSuchFileException) {
                return new Problem(path, "no such file or directory", "check the path");
            }
            if (fse instanceof AccessDeniedException || lower.contains("permission denied")) {
                return new Problem(path, "permission denied",
                        "check its permissions and owner (ls -ld), or use another path");
            }
            if (fse instanceof NotDirectoryException || lower.contains("not a directory")) {
                return new Problem(path, "not a directory", "name a directory there");
            }
            if (lower.contains("is a directory")) {
                return new Problem(path, "is a directory, not a file", "name a file there");
            }
            if (fse instanceof FileAlreadyExistsException) {
                return new Problem(path, "already exists", "remove or rename it, or use another path");
            }
            if (fse instanceof DirectoryNotEmptyException) {
                return new Problem(path, "directory is not empty", "remove or rename it");
            }
            if (lower.contains("no space left")) {
                return new Problem(path, "no space left on the device", "free some space, then run again");
            }
            if (lower.contains("read-only file system")) {
                return new Problem(path, "the file system is read-only", "use a writable location");
            }
            if (lower.contains("quota")) {
                return new Problem(path, "disk quota exceeded", "free some space, then run again");
            }
            if (lower.contains("too large")) {
                return new Problem(path, "file too large for this system's limits", "raise the limit (ulimit -f)");
            }
            return new Problem(path, reason.isEmpty() ? e.getClass().getSimpleName() : reason, "");
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left")) {
            return new Problem("", "no space left on the device", "free some space, then run again");
        }
        if (lower.contains("permission denied")) {
            return new Problem("", "permission denied", "check the permissions");
        }
        return new Problem("", msg, "");
    }
}
