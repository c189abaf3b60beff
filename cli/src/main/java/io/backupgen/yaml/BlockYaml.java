package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * asks (a finding needs a line), which a valid document never does.
 */
final class BlockYaml {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deeper documents are rare: the full reader takes them, with its own depth limit. */
    private static final int MAX_DEPTH = 64;
    /** SnakeYAML limits a simple key to 1024 characters. */
    private static final int MAX_KEY = 1000;

    /** The document is outside the subset: let the full reader have it. Thrown, never seen outside. */
    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("outside the block-YAML subset", null, false, false);
        }
    }

    /**
     * A document read on the fast path.
     *
     * @param line  0-based line of the root node within the text
     * @param lines where its fields and items start, for findings' lines
     */
    record Read(JsonNode body, int line, Lines lines) {
    }

    /**
     * The line of each object key and array item of a tree this reader built, by the node holding them:
     * answers {@link Positions#find}'s question ("which line, for this pointer or its nearest parent")
     * without the full reader's positions, for a few bytes per collection.
     */
    static final class Lines {
        private final JsonNode root;
        private final int rootOffset;
        private final java.util.IdentityHashMap<JsonNode, int[]> offsets;
        private final int[] lineStarts;

        private Lines(JsonNode root, int rootOffset, java.util.IdentityHashMap<JsonNode, int[]> offsets, int[] lineStarts) {
            this.root = root;
            this.rootOffset = rootOffset;
            this.offsets = offsets;
            this.lineStarts = lineStarts;
        }

        /** 0-based line within the text of what {@code pointer} names, or of its nearest parent that is there. */
        int find(String pointer) {
            JsonNode node = root;
            int best = rootOffset;
            int i = 0;
            while (node != null && i < pointer.length() && pointer.charAt(i) == '/') {
                int end = pointer.indexOf('/', i + 1);
                if (end < 0) {
                    end = pointer.length();
                }
                String token = pointer.substring(i + 1, end).replace("~1", "/").replace("~0", "~");
                i = end;
                int[] at = offsets.get(node);
                if (at == null) {
                    break;
                }
                int index = -1;
                if (node.isObject()) {
                    int k = 0;
                    for (var it = node.fieldNames(); it.hasNext(); k++) {
                        if (it.next().equals(token)) {
                            index = k;
                            break;
                        }
                    }
                } else if (node.isArray() && !token.isEmpty() && token.length() < 10 && token.chars().allMatch(Character::isDigit)
                        && (token.length() == 1 || token.charAt(0) != '0')) {
                    index = Integer.parseInt(token);
                }
                if (index < 0 || index >= at.length) {
                    break;
                }
                best = at[index];
                node = node.isObject() ? node.get(token) : node.get(index);
            }
            int line = java.util.Arrays.binarySearch(lineStarts, best);
            return line >= 0 ? line : -line - 2;
        }
    }

    private final char[] s;
    private final int n;
    private final int maxScalar;
    private final int[] lineStarts;
    private final java.util.IdentityHashMap<JsonNode, int[]> offsets = new java.util.IdentityHashMap<>();
    private int pos;
    private int depth;
    /** Where the last {@link #blockValue} started (its first content), or -1 when it was empty. */
    private int valueStart;

    private BlockYaml(char[] s, int maxScalar, int[] lineStarts) {
        this.s = s;
        this.n = s.length;
        this.maxScalar = maxScalar;
        this.lineStarts = lineStarts;
    }

    /**
     * The one document of {@code text} (a chunk between {@code ---} lines), or null when the full
     * reader must read it (outside the subset, no document at all, or an error of any kind).
     */
    static Read read(char[] chars, YamlLimits limits) {
        int[] lineStarts = lineStarts(chars);
        if (lineStarts == null) {
            return null;
        }
        try {
            return new BlockYaml(chars, limits.maxScalarChars(), lineStarts).document();
        } catch (Unsupported | NumberFormatException | StackOverflowError e) {
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
            char c = s[i];
            if (c < 0x20) {
                if (c == '\n') {
                    if (lines == starts.length) {
                        starts = java.util.Arrays.copyOf(starts, lines * 2);
                    }
                    starts[lines++] = i + 1;
                } else if (c != '\t') {
                    return null;
                }
            } else if (c >= 0x7F && (c < 0xA0 || c == 0x2028 || c == 0x2029 || c >= 0xFEFF && (c == 0xFEFF || c >= 0xFFFE))) {
                return null;
            }
        }
        return java.util.Arrays.copyOf(starts, lines);
    }

    private Read document() {
        pos = 0;
        int indent = skipToContent();
        // the "---" that starts the document (comments may come before it) may carry only blanks and a comment
        if (indent == 0 && pos + 3 <= n && s[pos] == '-' && s[pos + 1] == '-' && s[pos + 2] == '-'
                && (pos + 3 == n || s[pos + 3] == ' ' || s[pos + 3] == '\n')) {
            pos += 3;
            endOfLine();
            indent = skipToContent();
        }
        if (indent < 0) {
            return null; // no content: the full reader decides what an empty document is
        }
        int rootOffset = pos + indent;
        JsonNode body = isSequenceEntry(pos + indent) ? sequence(indent) : mapping(indent, false);
        if (skipToContent() >= 0) {
            throw Unsupported.INSTANCE; // "...", a less indented line, anything left over
        }
        Lines lines = new Lines(body, rootOffset, offsets, lineStarts);
        return new Read(body, lines.find(""), lines);
    }

    // ---- lines

    /**
     * From a line start: skips blank and comment-only lines and leaves {@code pos} at the start of the
     * next content line; returns its indentation, or -1 at the end.
     */
    private int skipToContent() {
        while (pos < n) {
            int i = pos;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i == n) {
                pos = n;
                return -1;
            }
            char c = s[i];
            if (c == '\n') {
                pos = i + 1;
            } else if (c == '#') {
                pos = i;
                toNextLine();
            } else if (c == '\t') {
                throw Unsupported.INSTANCE; // TABs around indentation: go-yaml's rules, in the full reader
            } else {
                if (c == '%' && i == pos || c == '.' && i == pos && i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') {
                    throw Unsupported.INSTANCE; // a directive, a document end
                }
                return i - pos;
            }
        }
        return -1;
    }

    /** Moves {@code pos} past the next line break (or to the end). */
    private void toNextLine() {
        while (pos < n && s[pos] != '\n') {
            pos++;
        }
        if (pos < n) {
            pos++;
        }
    }

    /** After a value: only blanks and a comment may follow on the line; then the next line. */
    private void endOfLine() {
        int start = pos;
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos < n && s[pos] == '#' && pos > start) {
            toNextLine();
            return;
        }
        if (pos < n && s[pos] != '\n') {
            throw Unsupported.INSTANCE;
        }
        toNextLine();
    }

    private int lineStart(int at) {
        int i = at;
        while (i > 0 && s[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    /** {@code -} followed by a blank or the line end: a block sequence entry. */
    private boolean isSequenceEntry(int at) {
        return at < n && s[at] == '-' && (at + 1 == n || s[at + 1] == ' ' || s[at + 1] == '\n' || s[at + 1] == '\t');
    }

    // ---- collections

    /**
     * A block mapping whose keys stand at column {@code indent}; {@code pos} is at the start of its first
     * line, or ({@code inline}) at its first key, after a sequence entry's {@code "- "}.
     */
    private ObjectNode mapping(int indent, boolean inline) {
        enter();
        ObjectNode out = NODES.objectNode();
        int[] keys = new int[8];
        int count = 0;
        if (inline) {
            keys[count++] = pos;
            entry(out, indent);
        }
        while (true) {
            int ind = skipToContent();
            if (ind < indent) {
                break; // pos is at that line's start (or the end): the caller goes on from there
            }
            if (ind > indent || isSequenceEntry(pos + ind)) {
                throw Unsupported.INSTANCE;
            }
            pos += ind;
            if (count == keys.length) {
                keys = java.util.Arrays.copyOf(keys, count * 2);
            }
            keys[count++] = pos;
            entry(out, indent);
        }
        offsets.put(out, java.util.Arrays.copyOf(keys, count));
        depth--;
        return out;
    }

    /** One {@code key: value} of a mapping at column {@code indent}; {@code pos} is at the key. */
    private void entry(ObjectNode out, int indent) {
        String key = key();
        if (key == null) {
            throw Unsupported.INSTANCE; // a scalar where a key belongs: a continuation line, or malformed
        }
        JsonNode value;
        skipSpaces();
        if (pos == n || s[pos] == '\n' || s[pos] == '#') {
            toNextLine();
            value = blockValue(indent, true);
        } else {
            value = inlineValue(indent);
        }
        if (out.replace(key, value) != null) {
            throw Unsupported.INSTANCE; // a key written twice: the full reader warns about it
        }
    }

    /** A block sequence whose entries' {@code -} stand at column {@code indent}; {@code pos} at its first line. */
    private ArrayNode sequence(int indent) {
        enter();
        ArrayNode out = NODES.arrayNode();
        int[] items = new int[8];
        int count = 0;
        while (true) {
            int ind = skipToContent();
            if (ind < indent) {
                break;
            }
            if (ind > indent) {
                throw Unsupported.INSTANCE;
            }
            int at = pos + ind;
            if (!isSequenceEntry(at)) {
                break; // the next key of the mapping that holds an indentless sequence (or malformed: judged there)
            }
            int lineStart = pos;
            pos = at + 1;
            skipSpaces();
            if (count == items.length) {
                items = java.util.Arrays.copyOf(items, count * 2);
            }
            // an item starts where its value does: on the "-" line, or (a collection below it) at its first
            // content; an empty item at the "-"
            items[count++] = pos;
            if (pos == n || s[pos] == '\n' || s[pos] == '#') {
                toNextLine();
                out.add(blockValue(indent, false));
                items[count - 1] = valueStart >= 0 ? valueStart : at;
            } else if (isSequenceEntry(pos)) {
                throw Unsupported.INSTANCE; // "- - x": a compact nested sequence
            } else {
                int column = pos - lineStart;
                int keyStart = pos;
                if (key() != null) {
                    pos = keyStart;
                    out.add(mapping(column, true));
                } else {
                    pos = keyStart;
                    out.add(inlineValue(indent));
                }
            }
        }
        offsets.put(out, java.util.Arrays.copyOf(items, count));
        depth--;
        return out;
    }

    /**
     * The value of a key (or sequence entry) at column {@code parent} written on the lines after it:
     * a more indented collection, an indentless sequence (for a key), or nothing (null).
     */
    private JsonNode blockValue(int parent, boolean forKey) {
        int ind = skipToContent();
        int at = pos + ind;
        JsonNode value;
        if (ind > parent) {
            value = isSequenceEntry(at) ? sequence(ind) : mapping(ind, false);
        } else if (ind == parent && forKey && isSequenceEntry(at)) {
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
            throw Unsupported.INSTANCE;
        }
    }

    private void skipSpaces() {
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos < n && s[pos] == '\t') {
            throw Unsupported.INSTANCE;
        }
    }

    // ---- keys

    /**
     * The key at {@code pos} when the line holds {@code key:} there (plain or quoted), resolved as the
     * full reader resolves keys, with {@code pos} after the colon; null (pos unchanged) when it does not.
     */
    private String key() {
        int start = pos;
        char c = s[start];
        if (c == '"' || c == '\'') {
            String text = c == '"' ? doubleQuoted() : singleQuoted();
            if (pos < n && s[pos] == ':' && (pos + 1 == n || s[pos + 1] == ' ' || s[pos + 1] == '\n')) {
                pos++;
                if (text.length() > MAX_KEY) {
                    throw Unsupported.INSTANCE;
                }
                return text;
            }
            pos = start;
            return null;
        }
        if (!plainStart(start)) {
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
            throw Unsupported.INSTANCE; // too long for a simple key; a merge key
        }
        String raw = new String(s, start, end - start);
        pos = i + 1;
        try {
            return Scalars.key(Scalars.plain(raw));
        } catch (Scalars.NotJson e) {
            throw Unsupported.INSTANCE;
        }
    }

    /**
     * A plain scalar may start here: not an indicator ({@code - ? :} followed by a blank are, and
     * {@code , [ ] { } # & * ! | > ' " % @ `} always are).
     */
    private boolean plainStart(int at) {
        char c = s[at];
        switch (c) {
            case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\t', '\n' -> {
                return false;
            }
            case '-', '?', ':' -> {
                return at + 1 < n && s[at + 1] != ' ' && s[at + 1] != '\n' && s[at + 1] != '\t';
            }
            default -> {
                return true;
            }
        }
    }

    // ---- scalars

    /** A value on the key's (or entry's) line, in a collection at column {@code parent}; ends at the line's end. */
    private JsonNode inlineValue(int parent) {
        char c = s[pos];
        switch (c) {
            case '"' -> {
                String v = doubleQuoted();
                endOfLine();
                return TextNode.valueOf(v);
            }
            case '\'' -> {
                String v = singleQuoted();
                endOfLine();
                return TextNode.valueOf(v);
            }
            case '|', '>' -> {
                return TextNode.valueOf(blockScalar(parent));
            }
            case '[' -> {
                JsonNode v = flowSequence();
                endOfLine();
                return v;
            }
            case '{' -> {
                JsonNode v = flowMapping();
                endOfLine();
                return v;
            }
            default -> {
                if (!plainStart(pos)) {
                    throw Unsupported.INSTANCE;
                }
                return plain();
            }
        }
    }

    /**
     * A plain scalar that ends on its line: at a comment or the line end. A continuation on the next,
     * more indented line is caught by the collection loops (it is not a key there).
     */
    private JsonNode plain() {
        int start = pos;
        int i = start;
        int end;
        while (true) {
            if (i == n || s[i] == '\n') {
                end = i;
                break;
            }
            char d = s[i];
            if (d == '\t') {
                throw Unsupported.INSTANCE;
            }
            if (d == ':' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
                throw Unsupported.INSTANCE; // "a: b: c": the full reader's error
            }
            if (d == '#' && s[i - 1] == ' ') {
                end = i;
                break;
            }
            i++;
        }
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        if (end - start > maxScalar) {
            throw Unsupported.INSTANCE;
        }
        pos = i;
        toNextLine();
        try {
            return Scalars.plain(new String(s, start, end - start));
        } catch (Scalars.NotJson e) {
            throw Unsupported.INSTANCE;
        }
    }

    // ---- flow collections: on one line, of scalars ("command: ["/bin/sh", "-c"]", "emptyDir: {}")

    private ArrayNode flowSequence() {
        ArrayNode out = NODES.arrayNode();
        int start = pos++;
        flowSpaces();
        if (pos < n && s[pos] == ']') {
            pos++;
            return oneLine(out, start);
        }
        while (true) {
            out.add(flowScalar(false));
            if (flowSeparator(']')) {
                return oneLine(out, start);
            }
        }
    }

    /** Every entry of a one-line flow collection is on the line of its bracket. */
    private <T extends JsonNode> T oneLine(T collection, int start) {
        int[] at = new int[collection.size()];
        java.util.Arrays.fill(at, start);
        offsets.put(collection, at);
        return collection;
    }

    private ObjectNode flowMapping() {
        ObjectNode out = NODES.objectNode();
        int start = pos++;
        flowSpaces();
        if (pos < n && s[pos] == '}') {
            pos++;
            return oneLine(out, start);
        }
        while (true) {
            JsonNode k = flowScalar(true);
            if (pos + 1 >= n || s[pos] != ':' || s[pos + 1] != ' ') {
                throw Unsupported.INSTANCE;
            }
            pos++;
            flowSpaces();
            String key;
            try {
                key = Scalars.key(k);
            } catch (Scalars.NotJson e) {
                throw Unsupported.INSTANCE;
            }
            if (out.replace(key, flowScalar(false)) != null || k.isTextual() && "<<".equals(k.textValue())) {
                throw Unsupported.INSTANCE; // a duplicate key; a (possible) merge key
            }
            if (flowSeparator('}')) {
                return oneLine(out, start);
            }
        }
    }

    /** After an entry: {@code ,} and the next (true: the collection goes on), or the closing bracket. */
    private boolean flowSeparator(char close) {
        flowSpaces();
        if (pos < n && s[pos] == close) {
            pos++;
            return true;
        }
        if (pos < n && s[pos] == ',') {
            pos++;
            flowSpaces();
            if (pos < n && (s[pos] == close || s[pos] == ',')) {
                throw Unsupported.INSTANCE; // a trailing or empty entry
            }
            return false;
        }
        throw Unsupported.INSTANCE;
    }

    private void flowSpaces() {
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos == n || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '#') {
            throw Unsupported.INSTANCE; // a flow collection over several lines, or with a comment inside
        }
    }

    /**
     * A quoted or plain scalar inside a flow collection. A plain one ends at {@code , [ ] { } ?} and at
     * {@code :} followed by a blank or one of those; a key ({@code key}) must then be at {@code ": "}.
     */
    private JsonNode flowScalar(boolean key) {
        char c = s[pos];
        if (c == '"' || c == '\'') {
            String v = c == '"' ? doubleQuoted() : singleQuoted();
            flowTail(key);
            return TextNode.valueOf(v);
        }
        if (!plainStart(pos) || (c == '-' || c == '?' || c == ':') && ",[]{}".indexOf(s[pos + 1]) >= 0) {
            throw Unsupported.INSTANCE;
        }
        int start = pos;
        int i = pos;
        while (i < n) {
            char d = s[i];
            if (d == '\n' || d == '\t' || d == '?' || d == '#' && s[i - 1] == ' ') {
                throw Unsupported.INSTANCE;
            }
            if (d == ',' || d == '[' || d == ']' || d == '{' || d == '}') {
                break;
            }
            if (d == ':' && (i + 1 == n || " \n\t,[]{}".indexOf(s[i + 1]) >= 0)) {
                break;
            }
            i++;
        }
        int end = i;
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        pos = end;
        if (end == start || end - start > maxScalar || (s[i] == ':') != key || s[i] == '[' || s[i] == '{') {
            throw Unsupported.INSTANCE;
        }
        try {
            return Scalars.plain(new String(s, start, end - start));
        } catch (Scalars.NotJson e) {
            throw Unsupported.INSTANCE;
        }
    }

    /** After a quoted scalar in a flow collection: blanks, then what the caller expects. */
    private void flowTail(boolean key) {
        int at = pos;
        while (at < n && s[at] == ' ') {
            at++;
        }
        if (key ? at != pos || at == n || s[at] != ':' : at == n || s[at] == ':') {
            throw Unsupported.INSTANCE;
        }
    }

    /** {@code 'text'} on one line, {@code ''} for a quote; {@code pos} after the closing quote. */
    private String singleQuoted() {
        StringBuilder out = new StringBuilder();
        int i = pos + 1;
        while (true) {
            if (i == n || s[i] == '\n') {
                throw Unsupported.INSTANCE; // multi-line or unterminated
            }
            char c = s[i];
            if (c == '\'') {
                if (i + 1 < n && s[i + 1] == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                pos = i + 1;
                break;
            }
            out.append(c);
            i++;
        }
        if (out.length() > maxScalar) {
            throw Unsupported.INSTANCE;
        }
        return out.toString();
    }

    /** {@code "text"} on one line with YAML 1.1's escapes (SnakeYAML's set); {@code pos} after the closing quote. */
    private String doubleQuoted() {
        int i = pos + 1;
        int plainEnd = i;
        while (plainEnd < n && s[plainEnd] != '"' && s[plainEnd] != '\\' && s[plainEnd] != '\n') {
            plainEnd++;
        }
        if (plainEnd < n && s[plainEnd] == '"') {
            // no escape: the common case
            if (plainEnd - i > maxScalar) {
                throw Unsupported.INSTANCE;
            }
            pos = plainEnd + 1;
            return new String(s, i, plainEnd - i);
        }
        StringBuilder out = new StringBuilder();
        while (true) {
            if (i == n || s[i] == '\n') {
                throw Unsupported.INSTANCE;
            }
            char c = s[i];
            if (c == '"') {
                pos = i + 1;
                break;
            }
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 == n) {
                throw Unsupported.INSTANCE;
            }
            char e = s[i + 1];
            i += 2;
            switch (e) {
                case '0' -> out.append('\0');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'v' -> out.append('\u000B');
                case 'f' -> out.append('\f');
                case 'r' -> out.append('\r');
                case 'e' -> out.append('\u001B');
                case ' ' -> out.append(' ');
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case 'N' -> out.append('\u0085');
                case '_' -> out.append('\u00A0');
                case 'L' -> out.append('\u2028');
                case 'P' -> out.append('\u2029');
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + len > n) {
                        throw Unsupported.INSTANCE;
                    }
                    int code = 0;
                    for (int k = 0; k < len; k++) {
                        int digit = Character.digit(s[i + k], 16);
                        if (digit < 0) {
                            throw Unsupported.INSTANCE;
                        }
                        code = code * 16 + digit;
                    }
                    if (code < 0 || code > Character.MAX_CODE_POINT) {
                        throw Unsupported.INSTANCE;
                    }
                    out.appendCodePoint(code);
                    i += len;
                }
                default -> throw Unsupported.INSTANCE; // an escaped line break, or one SnakeYAML refuses
            }
        }
        if (out.length() > maxScalar) {
            throw Unsupported.INSTANCE;
        }
        return out.toString();
    }

    /**
     * A literal ({@code |}) or folded ({@code >}) scalar of a collection at column {@code parent}, as
     * SnakeYAML's scanner reads it: indentation detected from the first lines (at least one more than
     * the collection's) or given by an indicator, folding and chomping by its rules. Leaves {@code pos}
     * at the start of the line that ends it.
     */
    private String blockScalar(int parent) {
        boolean folded = s[pos] == '>';
        pos++;
        Boolean chomping = null; // null: clip, TRUE: keep, FALSE: strip
        int increment = -1;
        if (pos < n && (s[pos] == '-' || s[pos] == '+')) {
            chomping = s[pos] == '+';
            pos++;
            if (pos < n && s[pos] >= '1' && s[pos] <= '9') {
                increment = s[pos++] - '0';
            }
        } else if (pos < n && s[pos] >= '1' && s[pos] <= '9') {
            increment = s[pos++] - '0';
            if (pos < n && (s[pos] == '-' || s[pos] == '+')) {
                chomping = s[pos] == '+';
                pos++;
            }
        }
        if (pos < n && s[pos] != ' ' && s[pos] != '\n') {
            throw Unsupported.INSTANCE; // "|0", "|x", "|#": the full reader's error
        }
        endOfLine();
        int minIndent = Math.max(parent + 1, 1);
        int indent;
        int breaks = 0;
        int column = 0;
        if (increment == -1) {
            int maxIndent = 0;
            while (pos < n && (s[pos] == ' ' || s[pos] == '\n')) {
                if (s[pos] == '\n') {
                    breaks++;
                    column = 0;
                } else if (++column > maxIndent) {
                    maxIndent = column;
                }
                pos++;
            }
            indent = Math.max(minIndent, maxIndent);
        } else {
            indent = minIndent + increment - 1;
            while (column < indent && pos < n && s[pos] == ' ') {
                pos++;
                column++;
            }
            while (pos < n && s[pos] == '\n') {
                breaks++;
                pos++;
                column = 0;
                while (column < indent && pos < n && s[pos] == ' ') {
                    pos++;
                    column++;
                }
            }
        }
        StringBuilder out = new StringBuilder();
        boolean lineBreak = false;
        while (column == indent && pos < n) {
            appendBreaks(out, breaks);
            boolean leadingNonSpace = s[pos] != ' ' && s[pos] != '\t';
            int start = pos;
            while (pos < n && s[pos] != '\n') {
                pos++;
            }
            out.append(s, start, pos - start);
            lineBreak = pos < n;
            if (lineBreak) {
                pos++;
            }
            column = 0;
            breaks = 0;
            while (column < indent && pos < n && s[pos] == ' ') {
                pos++;
                column++;
            }
            while (pos < n && s[pos] == '\n') {
                breaks++;
                pos++;
                column = 0;
                while (column < indent && pos < n && s[pos] == ' ') {
                    pos++;
                    column++;
                }
            }
            if (column == indent && pos < n) {
                if (folded && lineBreak && leadingNonSpace && s[pos] != ' ' && s[pos] != '\t') {
                    if (breaks == 0) {
                        out.append(' ');
                    }
                } else if (lineBreak) {
                    out.append('\n');
                }
            } else {
                break;
            }
            if (out.length() > maxScalar) {
                throw Unsupported.INSTANCE;
            }
        }
        if (chomping == null || chomping) {
            if (lineBreak) {
                out.append('\n');
            }
        }
        if (chomping != null && chomping) {
            appendBreaks(out, breaks);
        }
        if (out.length() > maxScalar) {
            throw Unsupported.INSTANCE;
        }
        pos = lineStart(pos);
        return out.toString();
    }

    private static void appendBreaks(StringBuilder out, int breaks) {
        for (int i = 0; i < breaks; i++) {
            out.append('\n');
        }
    }
}
