package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A temp directory standing for the backup volume, and byte-exact snapshots of it. */
public final class BackupDir {

    private BackupDir() {
    }

    /** A fresh directory owned by the pod's uid/gid, like the PVC with fsGroup 70. */
    public static Path create(Path parent, String name) {
        try {
            Path dir = Files.createDirectories(parent.resolve(name));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            Tools.chownToPod(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file name in dir (hidden ones included) -> sha256 of its bytes. */
    public static Map<String, String> snapshot(Path dir) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), sha256(Files.readAllBytes(p)));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces backup {@code file} with {@code bytes} the way a writer that lies would: its .sha256 and, if
     * it has one, its manifest's recorded digest (and the manifest's own .sha256) are made to match, so
     * only the content itself can give it away.
     */
    public static void forge(Path dir, String file, byte[] bytes) {
        try {
            Files.write(dir.resolve(file), bytes);
            String sha = sha256(bytes);
            Files.writeString(dir.resolve(file + ".sha256"), sha + "  " + file + "\n");
            String manifestName = file.replaceAll("\\.(sql\\.gz|dump)$", ".manifest");
            Path manifest = dir.resolve(manifestName);
            if (Files.exists(manifest)) {
                String text = Files.readString(manifest).replaceAll("(?m)^sha256 [0-9a-f]{64}$", "sha256 " + sha);
                Files.writeString(manifest, text);
                Files.writeString(dir.resolve(manifestName + ".sha256"),
                        sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "  " + manifestName + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> names(Path dir) {
        return List.copyOf(snapshot(dir).keySet());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
