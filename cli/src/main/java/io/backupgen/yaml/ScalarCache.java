package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The plain scalars {@link BlockYaml} has read, by their text, already resolved: a document's keys and
 * most of its short values are ones other documents had ({@code apiVersion}, {@code metadata},
 * {@code IfNotPresent}, a label value, a port), so most need no new string and no resolution.
 * {@link #KEYS} holds keys interned, so each is the very instance the schemas' property names and
 * the rules' literals are (interned too), which makes every map lookup by them an identity check.
 * {@link #VALUES} holds value nodes, shared between documents: Jackson's value nodes are immutable.
 *
 * <p>Each is a small direct-mapped table shared by all threads: a slot is overwritten by the next
 * scalar that hashes there, and a reader checks the text before it trusts a slot, so a lost race
 * only costs a miss (an entry's fields are final, so a reader never sees one half-built).
 */
final class ScalarCache<T> {
    private static final int SLOTS = 4096;
    /** Longer scalars are rare as keys and seldom repeated as values: not worth a slot. */
    private static final int MAX_LENGTH = 64;

    static final ScalarCache<String> KEYS = new ScalarCache<>();
    static final ScalarCache<JsonNode> VALUES = new ScalarCache<>();

    /** {@code raw}: the scalar's text as a char array (comparing with String.charAt showed in the profile). */
    private record Entry<T>(char[] raw, T resolved) {
    }

    @SuppressWarnings("unchecked")
    private final Entry<T>[] table = new Entry[SLOTS];

    private ScalarCache() {
    }

    /** What the plain scalar {@code s[start, end)} was read as before, or null. */
    T get(char[] s, int start, int end) {
        int length = end - start;
        if (length > MAX_LENGTH) {
            return null;
        }
        Entry<T> e = table[slot(s, start, end)];
        // Arrays.equals: its mismatch is an intrinsic even in C1, unlike a loop of our own (which showed in profiles)
        return e != null && java.util.Arrays.equals(e.raw, 0, e.raw.length, s, start, end) ? e.resolved : null;
    }

    /** Remembers that {@code s[start, end)} reads as {@code resolved}; returns it. */
    T put(char[] s, int start, int end, T resolved) {
        if (end - start <= MAX_LENGTH) {
            table[slot(s, start, end)] = new Entry<>(java.util.Arrays.copyOfRange(s, start, end), resolved);
        }
        return resolved;
    }

    /** A key: interned, so lookups by it elsewhere are identity checks. */
    static String putKey(char[] s, int start, int end, String key) {
        return end - start > MAX_LENGTH ? key : KEYS.put(s, start, end, key.intern());
    }

    private static int slot(char[] s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s[i];
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
