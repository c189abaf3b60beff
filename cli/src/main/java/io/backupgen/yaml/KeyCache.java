package io.backupgen.yaml;

/**
 * The mapping keys {@link BlockYaml} has read, by their text, resolved and interned: a document's keys
 * are nearly all keys other documents had ({@code apiVersion}, {@code metadata}, {@code containers}),
 * so most need no new string and no resolution, and each is the very instance the schemas' property
 * names and the rules' literals are (interned too), which makes every map lookup by them an identity
 * check. A small direct-mapped table shared by all threads: a slot is overwritten by the next key
 * that hashes there, and a reader checks the text before it trusts a slot, so a lost race only
 * costs a miss.
 */
final class KeyCache {
    private static final int SLOTS = 4096;
    /** Longer keys are rare and not worth a slot. */
    private static final int MAX_LENGTH = 64;

    /** {@code raw}: the key's text as a char array (comparing with String.charAt showed in the profile). */
    private record Entry(char[] raw, String key) {
    }

    private static final Entry[] TABLE = new Entry[SLOTS];

    private KeyCache() {
    }

    /** The resolved key the plain scalar {@code s[start, end)} was read as before, or null. */
    static String get(char[] s, int start, int end) {
        int length = end - start;
        if (length > MAX_LENGTH) {
            return null;
        }
        Entry e = TABLE[slot(s, start, end)];
        if (e == null || e.raw.length != length) {
            return null;
        }
        char[] raw = e.raw;
        for (int i = 0; i < length; i++) {
            if (raw[i] != s[start + i]) {
                return null;
            }
        }
        return e.key;
    }

    /** Remembers that {@code s[start, end)} reads as {@code key}; returns the instance to use for it. */
    static String put(char[] s, int start, int end, String key) {
        if (end - start > MAX_LENGTH) {
            return key;
        }
        String interned = key.intern();
        TABLE[slot(s, start, end)] = new Entry(java.util.Arrays.copyOfRange(s, start, end), interned);
        return interned;
    }

    private static int slot(char[] s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + s[i];
        }
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
