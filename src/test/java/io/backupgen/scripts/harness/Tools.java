package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real programs the script tests need: busybox, shellcheck and PostgreSQL's binaries. A missing
 * one fails the test with a message saying how to install it; nothing is skipped silently.
 */
public final class Tools {

    /** Uid/gid the pod runs as (the alpine postgres image's postgres user). */
    public static final int POD_UID = 70;

    private static final String INSTALL_HINT =
            " (Debian: apt-get install -y busybox shellcheck postgresql; CI installs them in .ci/run)";

    private static Path appletDir;

    private Tools() {
    }

    public static Path busybox() {
        return onPath("busybox").orElseThrow(() -> new IllegalStateException(
                "busybox not found on PATH: the scripts must be tested under busybox sh" + INSTALL_HINT));
    }

    /** Debian's rclone, the off-site client the upload and fetch scripts drive. */
    public static Path rclone() {
        return onPath("rclone").orElseThrow(() -> new IllegalStateException(
                "rclone not found on PATH: the off-site scripts are tested with the real client (apt-get install rclone)"
                        + INSTALL_HINT));
    }

    /** A directory holding only a link to rclone, to put on a script's PATH (rclone's image has it in /usr/local/bin). */
    public static synchronized Path rcloneDir() {
        try {
            Path d = java.nio.file.Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "backupgen-rclone-bin-" + ProcessHandle.current().pid()));
            Path link = d.resolve("rclone");
            if (!java.nio.file.Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                java.nio.file.Files.createSymbolicLink(link, rclone());
            }
            d.toFile().deleteOnExit();
            link.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Path shellcheck() {
        return onPath("shellcheck").orElseThrow(() -> new IllegalStateException(
                "shellcheck not found on PATH" + INSTALL_HINT));
    }

    /**
     * PostgreSQL's bin directory: $BACKUPGEN_PG_BIN, else the newest /usr/lib/postgresql/N/bin that has
     * initdb, pg_ctl, pg_dump, pg_dumpall, pg_restore, psql and pg_isready.
     */
    public static Path pgBin() {
        String env = System.getenv("BACKUPGEN_PG_BIN");
        if (env != null && !env.isBlank()) {
            return requirePgBin(Path.of(env));
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                Optional<Path> best = s.filter(p -> p.getFileName().toString().matches("\\d+"))
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())));
                if (best.isPresent()) {
                    return requirePgBin(best.get().resolve("bin"));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin"
                + " (or $BACKUPGEN_PG_BIN)" + INSTALL_HINT);
    }

    private static Path requirePgBin(Path bin) {
        for (String tool : List.of("initdb", "pg_ctl", "postgres", "pg_dump", "pg_dumpall", "pg_restore", "psql",
                "pg_isready")) {
            if (!Files.isExecutable(bin.resolve(tool))) {
                throw new IllegalStateException("PostgreSQL binary " + bin.resolve(tool) + " is missing" + INSTALL_HINT);
            }
        }
        return bin;
    }

    /**
     * The throwaway verification server runs initdb as the pod's uid, which needs a passwd entry. The image
     * has one (uid 70 is alpine's postgres); a test machine usually does not, and then verify.sh gives the uid
     * one through nss_wrapper, as it does for arbitrary uids in a cluster. Fails when neither is there.
     */
    public static void requirePasswdEntryOrNssWrapper() {
        if (Proc.run(List.of("getent", "passwd", Integer.toString(POD_UID)), null, null,
                java.time.Duration.ofSeconds(10)).exit() == 0) {
            return;
        }
        for (String candidate : List.of("/usr/lib/libnss_wrapper.so", "/usr/lib/x86_64-linux-gnu/libnss_wrapper.so",
                "/usr/lib/aarch64-linux-gnu/libnss_wrapper.so", "/usr/lib64/libnss_wrapper.so")) {
            if (Files.exists(Path.of(candidate))) {
                return;
            }
        }
        throw new IllegalStateException("uid " + POD_UID + " has no passwd entry here and libnss_wrapper.so is not"
                + " installed: the throwaway verification server's initdb needs one (Debian: apt-get install -y"
                + " libnss-wrapper; .ci/setup installs it)");
    }

    public static boolean isRoot() {
        return "0".equals(Proc.run("id", "-u").ok().stdout().trim());
    }

    /**
     * A directory holding only busybox applet symlinks (busybox --install -s), so that a script's PATH
     * finds busybox's gzip, sha256sum, date, sort... and never GNU coreutils by accident.
     */
    public static synchronized Path appletDir() {
        if (appletDir == null) {
            try {
                Path dir = Files.createTempDirectory("backupgen-busybox-");
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Proc.run(busybox().toString(), "--install", "-s", dir.toString()).ok();
                if (!Files.exists(dir.resolve("sh")) || !Files.exists(dir.resolve("gzip"))) {
                    throw new IllegalStateException("busybox --install -s " + dir + " did not create sh and gzip");
                }
                appletDir = dir;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> Proc.run(List.of("rm", "-rf", dir.toString()),
                        null, null, java.time.Duration.ofSeconds(30))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return appletDir;
    }

    /** Makes path owned by the pod's uid/gid (as root); a no-op when the harness is not root. */
    public static void chownToPod(Path path) {
        if (isRootCached()) {
            Proc.run("chown", "-R", POD_UID + ":" + POD_UID, path.toString()).ok();
        }
    }

    private static Boolean root;

    public static synchronized boolean isRootCached() {
        if (root == null) {
            root = isRoot();
        }
        return root;
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
