package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * The line of each object key and array item of a tree {@link BlockYaml} built, by the node holding
 * them: answers {@link Positions#findLine}'s question ("which line, for this pointer or its nearest
 * parent") without the full reader's positions, for a few bytes per collection.
 */
final class BlockLines {
    private final JsonNode root;
    private final int rootOffset;
    /** Per collection, where each of its keys (items) starts in the text, in its order. */
    private final IdentityHashMap<JsonNode, int[]> offsets;
    private final int[] lineStarts;

    /** What the readers fill while they build the tree. */
    static final class Builder {
        private final IdentityHashMap<JsonNode, int[]> offsets = new IdentityHashMap<>();

        void put(JsonNode collection, int[] starts) {
            offsets.put(collection, starts);
        }

        BlockLines build(JsonNode root, int rootOffset, int[] lineStarts) {
            return new BlockLines(root, rootOffset, offsets, lineStarts);
        }
    }

    private BlockLines(JsonNode root, int rootOffset, IdentityHashMap<JsonNode, int[]> offsets, int[] lineStarts) {
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
            String token = pointer.substring(i + 1, end);
            if (token.indexOf('~') >= 0) {
                token = token.replace("~1", "/").replace("~0", "~");
            }
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
