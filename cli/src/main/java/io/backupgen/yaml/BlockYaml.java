package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The block-style YAML that tools write (kubectl, kustomize, Helm, Jackson, backupgen's own templates),
 * read straight into the JSON tree in one pass over the characters: the fast path of {@link YamlStream}.
 *
 * <p>It takes the common subset only: a block mapping or sequence at the root; block mappings and
 * sequences (indentless ones too); plain scalars on one line; single- and double-quoted scalars on
 * one line; literal and folded block scalars with any chomping and indentation indicator; flow
 * sequences and mappings of scalars on one line ({@code ["/bin/sh", "-c"]}, {@code {}}); comments.
 * Whatever else a document holds (anchors, aliases, tags, merge keys, nested or multi-line flow
 * collections, multi-line plain or quoted scalars, TABs outside scalars, a duplicate key, CR line
 * ends, a value over the limits, and anything malformed) makes {@link #read} return null, and the
 * full reader (SnakeYAML and {@link NodeConverter}) reads the document instead, errors and warnings
 * included. For what it accepts it gives the tree the full reader gives, scalars resolved by the
 * same {@link Scalars} ({@code BlockYamlAgreementTest} holds the two readers to that); where the
 * SnakeYAML scanner has a rule (block scalar indentation, chomping, folding, escapes), this follows it.
 *
 * <p>It records no positions: a document read here gets them from the full reader when something
 * asks (a finding needs a line), which a valid document never does; its {@link BlockLines} answer
 * the line of a field without that.
 *
 * <p>This class reads the structure (documents, block mappings and sequences, keys); the line-level
 * moves are {@link BlockCursor}'s, scalars {@link BlockScalars}' and {@link BlockScalar}'s, flow
 * collections {@link FlowCollections}'.
 */
final class BlockYaml {
    /** Deeper documents are rare: the full reader takes them, with its own depth limit. */
    private static final int MAX_DEPTH = 64;
    /** SnakeYAML limits a simple key to 1024 characters. */
    private static final int MAX_KEY = 1000;

    /**
     * A document read on the fast path.
     *
     * @param line  0-based line of the root node within the text
     * @param lines where its fields and items start, for findings' lines
     */
    record Read(JsonNode body, int line, BlockLines lines) {
    }

    private final BlockCursor c;
    private final char[] s;
    private final int n;
    private final int[] lineStarts;
    private final FlowCollections flow;
    private int depth;
    /** Where the last {@link #blockValue} started (its first content), or -1 when it was empty. */
    private int valueStart;

    private BlockYaml(char[] s, int maxScalar, int[] lineStarts) {
        this.c = new BlockCursor(s, maxScalar);
        this.s = s;
        this.n = s.length;
        this.lineStarts = lineStarts;
        this.flow = new FlowCollections(c);
    }

    /**
     * The one document of {@code chars} (a chunk between {@code ---} lines), or null when the full
     * reader must read it (outside the subset, no document at all, or an error of any kind).
     */
    static Read read(char[] chars, YamlLimits limits) {
        return read(chars, limits, null);
    }

    /** As {@link #read(char[], YamlLimits)}, where the caller knows where the lines start (and that the subset takes every character). */
    static Read read(char[] chars, YamlLimits limits, int[] knownLineStarts) {
        int[] lineStarts = knownLineStarts != null ? knownLineStarts : lineStarts(chars);
        if (lineStarts == null) {
            return null;
        }
        try {
            return new BlockYaml(chars, limits.maxScalarChars(), lineStarts).document();
        } catch (BlockCursor.Unsupported | NumberFormatException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * Where each line starts; null when a character is not one the subset takes: it takes printable
     * ones, LF line ends and TABs (judged where they stand); CR, NEL, the Unicode line separators,
     * C0/C1 controls and BOMs are the full reader's.
     */
    private static int[] lineStarts(char[] s) {
        int[] starts = new int[64];
        int lines = 1;
        for (int i = 0; i < s.length; i++) {
            char ch = s[i];
            if (ch < 0x20) {
                if (ch == '\n') {
                    if (lines == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, lines * 2);
                    }
                    starts[lines++] = i + 1;
                } else if (ch != '\t') {
                    return null;
                }
            } else if (ch >= 0x7F && (ch < 0xA0 || ch == 0x2028 || ch == 0x2029 || ch >= 0xFEFF && (ch == 0xFEFF || ch >= 0xFFFE))) {
                return null;
            }
        }
        return java.util.Arrays.copyOf(starts, lines);
    }

    private Read document() {
        c.pos = 0;
        int indent = c.skipToContent();
        // the "---" that starts the document (comments may come before it) may carry only blanks and a comment;
        // several of them with nothing between (a comment-only document, as tools join files) are empty
        // documents the full reader leaves out
        while (indent == 0 && c.atDocumentStart()) {
            c.pos += 3;
            c.endOfLine();
            indent = c.skipToContent();
        }
        if (indent < 0) {
            return null; // no content: the full reader decides what an empty document is
        }
        int rootOffset = c.pos + indent;
        JsonNode body = c.isSequenceEntry(c.pos + indent) ? sequence(indent) : mapping(indent, false);
        if (c.skipToContent() >= 0) {
            throw BlockCursor.unsupported(); // "...", a less indented line, anything left over
        }
        BlockLines found = new BlockLines(body, rootOffset, lineStarts);
        return new Read(body, found.find(""), found);
    }

    // ---- collections

    /**
     * A block mapping whose keys stand at column {@code indent}; {@code pos} is at the start of its first
     * line, or ({@code inline}) at its first key, after a sequence entry's {@code "- "}.
     */
    private BlockLines.LinedObject mapping(int indent, boolean inline) {
        enter();
        BlockLines.LinedObject out = new BlockLines.LinedObject();
        int[] keys = new int[8];
        int count = 0;
        if (inline) {
            keys[count++] = c.pos;
            entry(out, indent);
        }
        while (true) {
            int ind = c.skipToContent();
            if (ind < indent) {
                break; // pos is at that line's start (or the end): the caller goes on from there
            }
            if (ind > indent || c.isSequenceEntry(c.pos + ind)) {
                throw BlockCursor.unsupported();
            }
            c.pos += ind;
            if (count == keys.length) {
                keys = java.util.Arrays.copyOf(keys, count * 2);
            }
            keys[count++] = c.pos;
            entry(out, indent);
        }
        out.starts = java.util.Arrays.copyOf(keys, count);
        depth--;
        return out;
    }

    /** One {@code key: value} of a mapping at column {@code indent}; {@code pos} is at the key. */
    private void entry(ObjectNode out, int indent) {
        String key = key();
        if (key == null) {
            throw BlockCursor.unsupported(); // a scalar where a key belongs: a continuation line, or malformed
        }
        JsonNode value;
        c.skipSpaces();
        if (c.atLineEnd()) {
            c.toNextLine();
            value = blockValue(indent, true);
        } else {
            value = inlineValue(indent);
        }
        if (out.replace(key, value) != null) {
            throw BlockCursor.unsupported(); // a key written twice: the full reader warns about it
        }
    }

    /** A block sequence whose entries' {@code -} stand at column {@code indent}; {@code pos} at its first line. */
    private BlockLines.LinedArray sequence(int indent) {
        enter();
        BlockLines.LinedArray out = new BlockLines.LinedArray();
        int[] items = new int[8];
        int count = 0;
        while (true) {
            int ind = c.skipToContent();
            if (ind < indent) {
                break;
            }
            if (ind > indent) {
                throw BlockCursor.unsupported();
            }
            int at = c.pos + ind;
            if (!c.isSequenceEntry(at)) {
                break; // the next key of the mapping that holds an indentless sequence (or malformed: judged there)
            }
            int lineStart = c.pos;
            c.pos = at + 1;
            c.skipSpaces();
            if (count == items.length) {
                items = java.util.Arrays.copyOf(items, count * 2);
            }
            // an item starts where its value does: on the "-" line, or (a collection below it) at its first
            // content; an empty item at the "-"
            items[count++] = c.pos;
            if (c.atLineEnd()) {
                c.toNextLine();
                out.add(blockValue(indent, false));
                items[count - 1] = valueStart >= 0 ? valueStart : at;
            } else if (c.isSequenceEntry(c.pos)) {
                throw BlockCursor.unsupported(); // "- - x": a compact nested sequence
            } else {
                int column = c.pos - lineStart;
                int keyStart = c.pos;
                if (key() != null) {
                    c.pos = keyStart;
                    out.add(mapping(column, true));
                } else {
                    c.pos = keyStart;
                    out.add(inlineValue(indent));
                }
            }
        }
        out.starts = java.util.Arrays.copyOf(items, count);
        depth--;
        return out;
    }

    /**
     * The value of a key (or sequence entry) at column {@code parent} written on the lines after it:
     * a more indented collection, an indentless sequence (for a key), or nothing (null).
     */
    private JsonNode blockValue(int parent, boolean forKey) {
        int ind = c.skipToContent();
        int at = c.pos + ind;
        JsonNode value;
        if (ind > parent) {
            value = c.isSequenceEntry(at) ? sequence(ind) : mapping(ind, false);
        } else if (ind == parent && forKey && c.isSequenceEntry(at)) {
            value = sequence(ind);
        } else {
            valueStart = -1;
            return NullNode.instance; // an empty value, as the full reader resolves one; pos stays at that line
        }
        valueStart = at;
        return value;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw BlockCursor.unsupported();
        }
    }

    // ---- keys and values on the key's line

    /**
     * The key at {@code pos} when the line holds {@code key:} there (plain or quoted), resolved as the
     * full reader resolves keys, with {@code pos} after the colon; null (pos unchanged) when it does not.
     */
    private String key() {
        int start = c.pos;
        char ch = s[start];
        if (ch == '"' || ch == '\'') {
            String text = ch == '"' ? BlockScalars.doubleQuoted(c) : BlockScalars.singleQuoted(c);
            int pos = c.pos;
            if (pos < n && s[pos] == ':' && (pos + 1 == n || s[pos + 1] == ' ' || s[pos + 1] == '\n')) {
                c.pos++;
                if (text.length() > MAX_KEY) {
                    throw BlockCursor.unsupported();
                }
                return text;
            }
            c.pos = start;
            return null;
        }
        if (!c.plainStart(start)) {
            return null;
        }
        int i = start;
        while (i < n) {
            char d = s[i];
            if (d == '\n') {
                return null;
            }
            if (d == ':' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
                break;
            }
            if (d == '\t' || d == '#' && s[i - 1] == ' ') {
                return null;
            }
            i++;
        }
        if (i == n) {
            return null;
        }
        int end = i;
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        if (end - start > MAX_KEY || end - start == 2 && s[start] == '<' && s[start + 1] == '<') {
            throw BlockCursor.unsupported(); // too long for a simple key; a merge key
        }
        c.pos = i + 1;
        String known = ScalarCache.KEYS.get(s, start, end);
        if (known != null) {
            return known;
        }
        JsonNode raw = BlockScalars.resolve(s, start, end);
        try {
            return ScalarCache.putKey(s, start, end, Scalars.key(raw));
        } catch (Scalars.NotJson e) {
            throw BlockCursor.unsupported();
        }
    }

    /** A value on the key's (or entry's) line, in a collection at column {@code parent}; ends at the line's end. */
    private JsonNode inlineValue(int parent) {
        switch (s[c.pos]) {
            case '"' -> {
                String v = BlockScalars.doubleQuoted(c, true);
                c.endOfLine();
                return TextNode.valueOf(v);
            }
            case '\'' -> {
                String v = BlockScalars.singleQuoted(c);
                c.endOfLine();
                return TextNode.valueOf(v);
            }
            case '|', '>' -> {
                return TextNode.valueOf(BlockScalar.read(c, parent));
            }
            case '[' -> {
                JsonNode v = flow.sequence();
                c.endOfLine();
                return v;
            }
            case '{' -> {
                JsonNode v = flow.mapping();
                c.endOfLine();
                return v;
            }
            default -> {
                if (!c.plainStart(c.pos)) {
                    throw BlockCursor.unsupported();
                }
                return BlockScalars.plain(c);
            }
        }
    }
}
