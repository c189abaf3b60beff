package io.backupgen.memo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a path holds, as one string that changes whenever anything a reader of it could see changes:
 * absent, a file's bytes, a link's target (never followed), a directory's names and, recursively, their
 * contents. Modes and times are left out: nothing that reads these paths looks at them. Written without
 * string concatenation ({@code +} bootstraps invokedynamic on a JVM's first use): it runs on the replay path.
 */
final class Digest {
    private Digest() {
    }

    static String of(Path path) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return "absent";
        }
        if (a.isSymbolicLink()) {
            return "link:".concat(Files.readSymbolicLink(path).toString());
        }
        if (a.isRegularFile()) {
            MessageDigest md = sha256();
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(path)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    md.update(buffer, 0, n);
                }
            }
            return "file:".concat(HexFormat.of().formatHex(md.digest()));
        }
        if (a.isDirectory()) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(path)) {
                s.forEach(children::add);
            }
            children.sort(null);
            MessageDigest md = sha256();
            for (Path child : children) {
                md.update(new StringBuilder().append(child.getFileName()).append('\0').append(of(child)).append('\n')
                        .toString().getBytes(StandardCharsets.UTF_8));
            }
            return "dir:".concat(HexFormat.of().formatHex(md.digest()));
        }
        return "other"; // a device or a pipe: whatever reads it refuses it, so no passing check is kept for it
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
