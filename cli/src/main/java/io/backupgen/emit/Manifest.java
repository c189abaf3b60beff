package io.backupgen.emit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The record of every file backupgen wrote under an output directory, with the sha256 of what it wrote
 * ({@code .backupgen/manifest}, in {@code sha256sum} format). Only a path listed here, whose bytes still
 * match, is ever pruned: a user's file, even a verbatim copy of a generated one, is never removed for
 * looking like backupgen's. The manifest is replaced in the same journaled switch as the folders it
 * describes, so it always matches the tree.
 */
public final class Manifest {
    static final String HEADER = "# Files backupgen wrote under this directory (sha256sum format). Only these are"
            + " ever pruned; keep this file in version control beside them.\n";

    private final SortedMap<String, String> sha256ByPath;

    private Manifest(SortedMap<String, String> sha256ByPath) {
        this.sha256ByPath = sha256ByPath;
    }

    public static Manifest empty() {
        return new Manifest(new TreeMap<>());
    }

    /** The manifest under {@code root}, or an empty one (a tree written before backupgen kept one). */
    static Manifest read(Path root) throws IOException {
        Path file = StateDir.manifest(root);
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static Manifest parse(String text) {
        SortedMap<String, String> m = new TreeMap<>();
        for (String line : text.split("\n")) {
            // "<64 hex>  <path>": anything else (comments, a hand-mangled line) records nothing.
            if (line.length() > 66 && line.charAt(64) == ' ' && line.charAt(65) == ' '
                    && line.substring(0, 64).matches("[0-9a-f]{64}")) {
                m.put(line.substring(66), line.substring(0, 64));
            }
        }
        return new Manifest(m);
    }

    /** True when backupgen wrote {@code path} and it still holds exactly those bytes. */
    public boolean wrote(String path, byte[] content) {
        String recorded = sha256ByPath.get(path);
        return recorded != null && recorded.equals(sha256(content));
    }

    /** True when backupgen wrote {@code path} (whatever it holds now). */
    public boolean lists(String path) {
        return sha256ByPath.containsKey(path);
    }

    /** This manifest with every entry under {@code units} replaced by {@code written} (path to content). */
    Manifest replacing(Collection<String> units, Map<String, byte[]> written) {
        SortedMap<String, String> m = new TreeMap<>();
        sha256ByPath.forEach((path, sha) -> {
            if (units.stream().noneMatch(u -> path.startsWith(u + "/"))) {
                m.put(path, sha);
            }
        });
        written.forEach((path, bytes) -> m.put(path, sha256(bytes)));
        return new Manifest(m);
    }

    String text() {
        StringBuilder sb = new StringBuilder(HEADER);
        sha256ByPath.forEach((path, sha) -> sb.append(sha).append("  ").append(path).append('\n'));
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest other && other.sha256ByPath.equals(sha256ByPath);
    }

    @Override
    public int hashCode() {
        return sha256ByPath.hashCode();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
