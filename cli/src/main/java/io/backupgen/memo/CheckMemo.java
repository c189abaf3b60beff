package io.backupgen.memo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Remembers that a {@code render --check} passed, so the same command, run again by the same backupgen
 * build in the same directory, answers at once while nothing it read has changed. A pre-commit hook
 * or a CI loop runs the check on every commit, and the spec rarely changed; a full check parses the
 * spec, builds every model, renders and validates, which costs a JVM far more than reading ~30 files.
 *
 * <p>Safe by construction rather than by knowing the renderer: a memo is keyed by the exact command
 * line, the working directory, the build (the jar's path, size and time) and the JVM's version and
 * locale settings; it lists every path the check read (the spec and its {@code profiles/} folder, each
 * managed output folder, the state files) with a {@link Digest} of each, taken before the check read
 * them and again after, and it is kept only when the two agree, the check passed and it printed no
 * warning (those depend on the date). Replaying re-digests every listed path; any difference, or
 * anything unreadable, is a miss, and the full check runs. Only passing checks are kept, so drift is
 * always diagnosed by the real thing. The memos live in {@code $XDG_CACHE_HOME/backupgen/checks}
 * (or {@code ~/.cache/...}, mode 0700); {@code BACKUPGEN_CACHE=off} turns them off.
 */
public final class CheckMemo {
    static final String VERSION = "backupgen check memo 1";
    /** Memos not used for this long are removed the next time one is written. */
    static final Duration KEEP = Duration.ofDays(30);

    private static final CheckMemo OFF = new CheckMemo(null, null);

    private final Path dir;
    private final String build;

    /** @param dir where memos are kept; {@code build} names the backupgen build (a memo from another is never used) */
    public CheckMemo(Path dir, String build) {
        this.dir = dir;
        this.build = build;
    }

    public static CheckMemo off() {
        return OFF;
    }

    /**
     * The memo for this process: off with {@code BACKUPGEN_CACHE=off}, or when backupgen does not run
     * from a jar (classes in a folder can change without the folder showing it). Memos are kept in {@code dir}.
     */
    public static CheckMemo forThisProcess(Path dir) {
        if ("off".equals(System.getenv("BACKUPGEN_CACHE"))) {
            return OFF;
        }
        try {
            Path jar = Path.of(CheckMemo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return OFF;
            }
            // StringBuilder and numbers, not + and Instant: this runs before a replay, and the first string
            // concatenation or date format of a JVM costs it tens of milliseconds of bootstrapping
            String build = new StringBuilder().append(jar).append(' ').append(a.size()).append(' ')
                    .append(a.lastModifiedTime().toMillis()).append(' ').append(a.fileKey()).toString();
            return new CheckMemo(dir, build);
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return OFF;
        }
    }

    public boolean isOff() {
        return dir == null;
    }

    /**
     * What an earlier passing check printed, when {@code args} run in {@code cwd} by this build passed
     * before and every path it read still holds what it held then.
     */
    public Optional<String> replay(List<String> args, Path cwd) {
        if (isOff()) {
            return Optional.empty();
        }
        String key = key(args, cwd);
        Path file = dir.resolve(fileName(key));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            if (!key.equals(p.getProperty("key"))) {
                return Optional.empty();
            }
            for (int i = 0; p.getProperty("path.".concat(Integer.toString(i))) != null; i++) {
                if (!Digest.of(Path.of(p.getProperty("path.".concat(Integer.toString(i)))))
                        .equals(p.getProperty("digest.".concat(Integer.toString(i))))) {
                    return Optional.empty();
                }
            }
            String stdout = p.getProperty("stdout");
            if (stdout == null) {
                return Optional.empty();
            }
            Files.setLastModifiedTime(file, FileTime.from(Instant.now())); // in use: not pruned
            return Optional.of(stdout);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or damaged: the full check decides
        }
    }

    /** Starts recording what a check of {@code args} in {@code cwd} reads. */
    public Recording record(List<String> args, Path cwd) {
        return isOff() ? Recording.NONE : new Recording(this, key(args, cwd));
    }

    /**
     * A memo's file name: a 64-bit FNV-1a of its key. The file holds the whole key and a replay compares
     * it, so two keys with one name only take turns in that file; no hash function needs loading.
     */
    static String fileName(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x100000001b3L;
        }
        return Long.toHexString(h).concat(".memo");
    }

    private String key(List<String> args, Path cwd) {
        StringBuilder k = new StringBuilder(VERSION).append('\n').append(build).append('\n')
                .append(cwd.toAbsolutePath().normalize()).append('\n')
                .append("java ").append(System.getProperty("java.version"));
        for (String env : List.of("TZ", "LANG", "LC_ALL")) {
            k.append(' ').append(env).append('=').append(String.valueOf(System.getenv(env)));
        }
        for (String a : args) {
            k.append("\narg ").append(a);
        }
        return k.toString();
    }

    /** The paths a check read, digested when it was about to read them; kept if they hold still. */
    public static final class Recording {
        public static final Recording NONE = new Recording(null, null);

        private final CheckMemo memo;
        private final String key;
        private final List<Path> paths = new ArrayList<>();
        private final List<String> digests = new ArrayList<>();
        private boolean failed;

        private Recording(CheckMemo memo, String key) {
            this.memo = memo;
            this.key = key;
        }

        /** Digests {@code read} now, before the check reads them. */
        public void witness(List<Path> read) {
            if (memo == null || failed) {
                return;
            }
            try {
                for (Path p : read) {
                    Path abs = p.toAbsolutePath().normalize();
                    paths.add(abs);
                    digests.add(Digest.of(abs));
                }
            } catch (IOException | RuntimeException e) {
                failed = true;
            }
        }

        /**
         * The check passed, printed {@code stdout} and nothing else: keep it, if every witnessed path still
         * holds what it held before the check read it. Best effort: a memo that cannot be written is no memo.
         */
        public void keep(String stdout) {
            if (memo == null || failed || paths.isEmpty()) {
                return;
            }
            try {
                for (int i = 0; i < paths.size(); i++) {
                    if (!Digest.of(paths.get(i)).equals(digests.get(i))) {
                        return; // changed while the check ran: what it saw is not what is there
                    }
                }
                Properties p = new Properties();
                p.setProperty("key", key);
                p.setProperty("stdout", stdout);
                for (int i = 0; i < paths.size(); i++) {
                    p.setProperty("path." + i, paths.get(i).toString());
                    p.setProperty("digest." + i, digests.get(i));
                }
                memo.write(fileName(key), p);
            } catch (IOException | RuntimeException e) {
                // no memo: the next check runs in full
            }
        }
    }

    private void write(String name, Properties p) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another check made it first
            }
        }
        Path tmp = Files.createTempFile(dir, ".new-", ".memo");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, null);
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        prune();
    }

    /** Memos of old builds and old folders would otherwise pile up: drop those unused for {@link #KEEP}. */
    private void prune() throws IOException {
        Instant cutoff = Instant.now().minus(KEEP);
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : (Iterable<Path>) s::iterator) {
                if (f.getFileName().toString().endsWith(".memo")
                        && Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
