package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Edits of JSON trees addressed by paths (field names and indexes), for the tests that break documents
 * in every way to compare two schema engines on them: each edit works on a fresh copy.
 */
public final class TreeEdits {
    private TreeEdits() {
    }

    /** Every path below the root, parents before children; top-level fields named in {@code keepTop} are left out with all below them. */
    public static List<List<Object>> paths(JsonNode root, Set<String> keepTop) {
        List<List<Object>> out = new ArrayList<>();
        collect(root, new ArrayList<>(), out, keepTop);
        return out;
    }

    private static void collect(JsonNode n, List<Object> path, List<List<Object>> out, Set<String> keepTop) {
        if (!path.isEmpty()) {
            out.add(List.copyOf(path));
        }
        if (n.isObject()) {
            for (var it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (path.isEmpty() && keepTop.contains(f)) {
                    continue;
                }
                path.add(f);
                collect(n.get(f), path, out, keepTop);
                path.remove(path.size() - 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                path.add(i);
                collect(n.get(i), path, out, keepTop);
                path.remove(path.size() - 1);
            }
        }
    }

    public static JsonNode at(JsonNode n, List<Object> path) {
        for (Object p : path) {
            n = p instanceof Integer i ? n.get(i) : n.get((String) p);
        }
        return n;
    }

    /** A copy of {@code doc} with the value at {@code path} (not the root) replaced. */
    public static JsonNode replaced(JsonNode doc, List<Object> path, JsonNode value) {
        JsonNode copy = doc.deepCopy();
        set(copy, path, value);
        return copy;
    }

    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = at(root, path.subList(0, path.size() - 1));
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
    }

    /** A copy of {@code doc} with {@code change} applied at each of {@code paths} (of {@code doc}) where it gives a value. */
    public static JsonNode everywhere(JsonNode doc, List<List<Object>> paths, UnaryOperator<JsonNode> change) {
        JsonNode copy = doc.deepCopy();
        for (List<Object> p : paths) {
            JsonNode n = at(copy, p);
            JsonNode c = n == null ? null : change.apply(n);
            if (c != null) {
                set(copy, p, c);
            }
        }
        return copy;
    }
}
