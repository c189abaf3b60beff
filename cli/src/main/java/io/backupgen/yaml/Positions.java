package io.backupgen.yaml;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each key and value of one document is, by RFC 6901 JSON pointer ({@code /spec/containers/0/name};
 * {@code ""} is the document itself). Filled once while the document is read, or, for a document the
 * fast path read ({@link BlockYaml}), on first use: only a finding needs a line, and a valid document
 * has none. Thread-safe to read.
 */
public final class Positions {
    public static final Positions EMPTY = new Positions();

    private final Map<String, Long> keys;
    private final Map<String, Long> values;
    private final boolean lazy;
    /** For a lazy instance: the fast path's lines, which answer {@link #findLine} without loading. */
    private final BlockLines lines;
    private final int lineOffset;
    private final String prefix;
    /** Where a lazy instance gets its positions; dropped (with the text it holds) once used. Guarded by this. */
    private java.util.function.Supplier<Positions> source;
    private Positions loaded;

    Positions() {
        keys = new HashMap<>();
        values = new HashMap<>();
        lazy = false;
        lines = null;
        lineOffset = 0;
        prefix = "";
    }

    private Positions(java.util.function.Supplier<Positions> source, BlockLines lines, int lineOffset, String prefix) {
        keys = Map.of();
        values = Map.of();
        lazy = true;
        this.source = source;
        this.lines = lines;
        this.lineOffset = lineOffset;
        this.prefix = prefix;
    }

    /**
     * Positions computed by {@code source} when first asked for (once; EMPTY if it gives null); until
     * then {@link #findLine} asks {@code lines} (0-based lines of a text that starts {@code lineOffset}
     * lines into the source).
     */
    static Positions lazy(java.util.function.Supplier<Positions> source, BlockLines lines, int lineOffset) {
        return new Positions(source, lines, lineOffset, "");
    }

    private Positions data() {
        if (!lazy) {
            return this;
        }
        synchronized (this) {
            if (loaded == null) {
                Positions p = source.get();
                loaded = p == null ? EMPTY : p;
                source = null;
            }
            return loaded;
        }
    }

    void key(String pointer, int line, int column) {
        keys.put(pointer, pack(line, column));
    }

    void value(String pointer, int line, int column) {
        values.put(pointer, pack(line, column));
    }

    /** Replaces entries for {@code pointer} and everything below it with {@code other}'s. */
    void replaceSubtree(String pointer, Positions other) {
        keys.keySet().removeIf(p -> below(p, pointer));
        values.keySet().removeIf(p -> below(p, pointer));
        other.keys.forEach((p, v) -> {
            if (below(p, pointer)) {
                keys.put(p, v);
            }
        });
        other.values.forEach((p, v) -> {
            if (below(p, pointer)) {
                values.put(p, v);
            }
        });
    }

    /** The positions below {@code prefix}, re-rooted there (for the items of a {@code List}). */
    public Positions under(String prefix) {
        if (lazy) {
            return new Positions(() -> data().under(prefix), lines, lineOffset, this.prefix + prefix);
        }
        Positions out = new Positions();
        keys.forEach((p, v) -> {
            if (below(p, prefix)) {
                out.keys.put(p.substring(prefix.length()), v);
            }
        });
        values.forEach((p, v) -> {
            if (below(p, prefix)) {
                out.values.put(p.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Where the key of the field at {@code pointer} is (array elements and the root have none). */
    public Optional<Position> key(String pointer) {
        return unpack(data().keys.get(pointer));
    }

    /** Where the value at {@code pointer} starts. */
    public Optional<Position> value(String pointer) {
        return unpack(data().values.get(pointer));
    }

    /**
     * Where a reader should look for the thing at {@code pointer}: its key, else its value, else the
     * same for its nearest parent that is there; {@link Position#UNKNOWN} when nothing is.
     */
    public Position find(String pointer) {
        Positions d = data();
        for (String p = pointer; p != null; p = parent(p)) {
            Long found = d.keys.get(p);
            if (found == null) {
                found = d.values.get(p);
            }
            if (found != null) {
                return unpack(found).orElseThrow();
            }
        }
        return Position.UNKNOWN;
    }

    /**
     * The line {@link #find(String)} gives (0 when unknown): for a document the fast path read, from its
     * lines, without the full reader's positions.
     */
    public int findLine(String pointer) {
        if (lines != null) {
            return lines.find(prefix + pointer) + 1 + lineOffset;
        }
        return find(pointer).line();
    }

    /** The value's own position when it has one (a wrong value), else {@link #find}. */
    public Position findValue(String pointer) {
        return value(pointer).orElseGet(() -> find(pointer));
    }

    public Position find(JsonPointer pointer) {
        return find(pointer.toString());
    }

    public Position findValue(JsonPointer pointer) {
        return findValue(pointer.toString());
    }

    /** Whether these positions are computed on first use (the document was read on the fast path). */
    boolean isLazy() {
        return lazy;
    }

    /** Every pointer with a key or value position (for tests). */
    java.util.Set<String> pointers() {
        java.util.Set<String> out = new java.util.TreeSet<>(data().keys.keySet());
        out.addAll(data().values.keySet());
        return out;
    }

    /** The same keys and values at the same places (for tests). */
    boolean sameAs(Positions other) {
        return data().keys.equals(other.data().keys) && data().values.equals(other.data().values);
    }

    public int size() {
        Positions d = data();
        return Math.max(d.keys.size(), d.values.size());
    }

    /** {@code /a/b} -> {@code /a}; {@code /a} -> {@code ""}; {@code ""} -> null. */
    static String parent(String pointer) {
        if (pointer.isEmpty()) {
            return null;
        }
        return pointer.substring(0, pointer.lastIndexOf('/'));
    }

    /** {@code /metadata/labels} + {@code app.kubernetes.io/name} -> {@code /metadata/labels/app.kubernetes.io~1name}. */
    public static String child(String pointer, String field) {
        return pointer + "/" + field.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    private static boolean below(String p, String prefix) {
        return p.equals(prefix) || (p.startsWith(prefix) && p.charAt(prefix.length()) == '/');
    }

    private static long pack(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }

    private static Optional<Position> unpack(Long v) {
        return v == null ? Optional.empty() : Optional.of(new Position((int) (v >>> 32), (int) (long) v));
    }
}
