package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * The line of each object key and array item of a tree {@link BlockYaml} built, kept in the node holding
 * them: answers {@link Positions#findLine}'s question ("which line, for this pointer or its nearest
 * parent") without the full reader's positions, for a few bytes per collection.
 *
 * <p>The readers build their collections as {@link LinedObject} and {@link LinedArray}: Jackson's nodes
 * with one more field, equal to plain ones (Jackson compares objects and arrays by {@code instanceof}
 * and content). A map from each collection to its starts (an IdentityHashMap) cost an identity hash
 * per collection, which showed in profiles of validate.
 */
final class BlockLines {
    private final JsonNode root;
    private final int rootOffset;
    private final int[] lineStarts;

    /** An object whose keys' starts in the text are known, in its order. */
    static final class LinedObject extends ObjectNode {
        private static final long serialVersionUID = 1L;
        transient int[] starts;

        LinedObject() {
            super(JsonNodeFactory.instance);
        }
    }

    /** An array whose items' starts in the text are known, in its order. */
    static final class LinedArray extends ArrayNode {
        private static final long serialVersionUID = 1L;
        transient int[] starts;

        LinedArray() {
            super(JsonNodeFactory.instance);
        }
    }

    /** Where each of a collection's keys (items) starts, or null for one the readers did not build. */
    private static int[] starts(JsonNode node) {
        if (node instanceof LinedObject o) {
            return o.starts;
        }
        return node instanceof LinedArray a ? a.starts : null;
    }

    BlockLines(JsonNode root, int rootOffset, int[] lineStarts) {
        this.root = root;
        this.rootOffset = rootOffset;
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
            String token = pointer.substring(i + 1, end);
            if (token.indexOf('~') >= 0) {
                token = token.replace("~1", "/").replace("~0", "~");
            }
            i = end;
            int[] at = starts(node);
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
            } else if (node.isArray() && isIndex(token)) {
                index = Integer.parseInt(token);
            }
            if (index < 0 || index >= at.length) {
                break;
            }
            best = at[index];
            node = node.isObject() ? node.get(token) : node.get(index);
        }
        int line = Arrays.binarySearch(lineStarts, best);
        return line >= 0 ? line : -line - 2;
    }

    /** An array index: digits, no leading zero, small enough for an int. */
    private static boolean isIndex(String token) {
        if (token.isEmpty() || token.length() >= 10 || token.length() > 1 && token.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
