package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.backupgen.yaml.BlockCursor.Unsupported;

/**
 * The flow collections of the block-YAML subset ({@link BlockYaml}): on one line, of scalars
 * ({@code command: ["/bin/sh", "-c"]}, {@code emptyDir: {}}). Each starts at the cursor's bracket and
 * leaves {@code pos} after the closing one; its entries' lines are those of the bracket.
 */
final class FlowCollections {

    private final BlockCursor c;
    FlowCollections(BlockCursor c) {
        this.c = c;
    }

    ArrayNode sequence() {
        BlockLines.LinedArray out = new BlockLines.LinedArray();
        int start = c.pos++;
        spaces();
        if (c.pos < c.n && c.s[c.pos] == ']') {
            c.pos++;
            return oneLine(out, start);
        }
        while (true) {
            out.add(scalar(false));
            if (separator(']')) {
                return oneLine(out, start);
            }
        }
    }

    ObjectNode mapping() {
        BlockLines.LinedObject out = new BlockLines.LinedObject();
        int start = c.pos++;
        spaces();
        if (c.pos < c.n && c.s[c.pos] == '}') {
            c.pos++;
            return oneLine(out, start);
        }
        while (true) {
            JsonNode k = scalar(true);
            if (c.pos + 1 >= c.n || c.s[c.pos] != ':' || c.s[c.pos + 1] != ' ') {
                throw Unsupported.INSTANCE;
            }
            c.pos++;
            spaces();
            String key;
            try {
                key = Scalars.key(k);
            } catch (Scalars.NotJson e) {
                throw Unsupported.INSTANCE;
            }
            if (out.replace(key, scalar(false)) != null || k.isTextual() && "<<".equals(k.textValue())) {
                throw Unsupported.INSTANCE; // a duplicate key; a (possible) merge key
            }
            if (separator('}')) {
                return oneLine(out, start);
            }
        }
    }

    /** Every entry of a one-line flow collection is on the line of its bracket. */
    private static BlockLines.LinedArray oneLine(BlockLines.LinedArray collection, int start) {
        collection.starts = same(collection.size(), start);
        return collection;
    }

    private static BlockLines.LinedObject oneLine(BlockLines.LinedObject collection, int start) {
        collection.starts = same(collection.size(), start);
        return collection;
    }

    private static int[] same(int size, int start) {
        int[] at = new int[size];
        java.util.Arrays.fill(at, start);
        return at;
    }

    /** After an entry: {@code ,} and the next (false: the collection goes on), or the closing bracket (true). */
    private boolean separator(char close) {
        spaces();
        if (c.pos < c.n && c.s[c.pos] == close) {
            c.pos++;
            return true;
        }
        if (c.pos < c.n && c.s[c.pos] == ',') {
            c.pos++;
            spaces();
            if (c.pos < c.n && (c.s[c.pos] == close || c.s[c.pos] == ',')) {
                throw Unsupported.INSTANCE; // a trailing or empty entry
            }
            return false;
        }
        throw Unsupported.INSTANCE;
    }

    private void spaces() {
        while (c.pos < c.n && c.s[c.pos] == ' ') {
            c.pos++;
        }
        if (c.pos == c.n || c.s[c.pos] == '\t' || c.s[c.pos] == '\n' || c.s[c.pos] == '#') {
            throw Unsupported.INSTANCE; // a flow collection over several lines, or with a comment inside
        }
    }

    /**
     * A quoted or plain scalar inside a flow collection. A plain one ends at {@code , [ ] { } ?} and at
     * {@code :} followed by a blank or one of those; a key ({@code key}) must then be at {@code ": "}.
     */
    private JsonNode scalar(boolean key) {
        char[] s = c.s;
        int n = c.n;
        char ch = s[c.pos];
        if (ch == '"' || ch == '\'') {
            String v = ch == '"' ? BlockScalars.doubleQuoted(c) : BlockScalars.singleQuoted(c);
            tail(key);
            return TextNode.valueOf(v);
        }
        if (!c.plainStart(c.pos) || (ch == '-' || ch == '?' || ch == ':') && ",[]{}".indexOf(s[c.pos + 1]) >= 0) {
            throw Unsupported.INSTANCE;
        }
        int start = c.pos;
        int i = c.pos;
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
        if (i == n) {
            throw Unsupported.INSTANCE; // unclosed at the end of the text: the full reader's error
        }
        int end = i;
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        c.pos = end;
        if (end == start || end - start > c.maxScalar || (s[i] == ':') != key || s[i] == '[' || s[i] == '{') {
            throw Unsupported.INSTANCE;
        }
        return BlockScalars.resolve(s, start, end);
    }

    /** After a quoted scalar in a flow collection: blanks, then what the caller expects. */
    private void tail(boolean key) {
        int at = c.pos;
        while (at < c.n && c.s[at] == ' ') {
            at++;
        }
        if (key ? at != c.pos || at == c.n || c.s[at] != ':' : at == c.n || c.s[at] == ':') {
            throw Unsupported.INSTANCE;
        }
    }
}
