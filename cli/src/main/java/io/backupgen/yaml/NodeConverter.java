package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns one composed SnakeYAML document (nodes with marks, aliases pointing at their anchors) into
 * the JSON tree Kubernetes would see, recording every key's and value's position on the way:
 * aliases expanded, {@code <<} merge keys merged as kubectl's go-yaml merges them, duplicate keys
 * refused or (for manifests) taken last-wins with a warning, scalars resolved by {@link Scalars}. Alias expansion is
 * bounded as go-yaml bounds it, so a "billion laughs" document fails in milliseconds.
 */
final class NodeConverter {
    /** The tag {@link SnakeYaml}'s resolver gives every untagged plain scalar: resolved here, not by SnakeYAML. */
    static final Tag IMPLICIT = new Tag("tag:backupgen.io,2026:implicit");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YamlLimits limits;
    private final DuplicateKeys duplicates;
    private final List<YamlError> warnings = new ArrayList<>();
    private final int lineOffset;
    private final Set<Node> seenAnchors = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> expanding = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private long decodeCount;
    private long aliasCount;
    private int aliasDepth;

    /** A problem at a place; caught by the reader and turned into the document's {@link YamlError}. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final YamlError error;

        Failure(YamlError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** @param lineOffset lines before the text the marks count from */
    NodeConverter(YamlLimits limits, DuplicateKeys duplicates, int lineOffset) {
        this.limits = limits;
        this.duplicates = duplicates;
        this.lineOffset = lineOffset;
    }

    /** What was read but deserves a word: duplicate keys (with LAST_WINS), keys a merge overrides. */
    List<YamlError> warnings() {
        return List.copyOf(warnings);
    }

    JsonNode convert(Node root, Positions positions) throws Failure {
        return convert(root, "", 0, positions);
    }

    private JsonNode convert(Node node, String pointer, int depth, Positions positions) throws Failure {
        boolean alias = node.getAnchor() != null && !seenAnchors.add(node);
        if (alias) {
            if (expanding.contains(node)) {
                throw fail(YamlError.Kind.UNSUPPORTED, node.getStartMark(), "anchor &" + node.getAnchor()
                        + " contains an alias to itself: a recursive structure cannot be converted to JSON");
            }
            aliasDepth++;
        }
        try {
            count(node);
            if (depth > limits.maxDepth()) {
                throw fail(YamlError.Kind.LIMIT, node.getStartMark(), "nested deeper than " + limits.maxDepth() + " levels");
            }
            positions.value(pointer, line(node.getStartMark()), column(node.getStartMark()));
            expanding.add(node);
            try {
                return switch (node.getNodeId()) {
                    case scalar -> scalar((ScalarNode) node);
                    case sequence -> sequence((SequenceNode) node, pointer, depth, positions);
                    case mapping -> mapping((MappingNode) node, pointer, depth, positions);
                    default -> throw fail(YamlError.Kind.UNSUPPORTED, node.getStartMark(), "unsupported YAML node");
                };
            } finally {
                expanding.remove(node);
            }
        } finally {
            if (alias) {
                aliasDepth--;
            }
        }
    }

    /**
     * go-yaml's guard against alias bombs (decode.go): past 1000 decoded nodes, the share of nodes
     * decoded through aliases may not exceed 99% for small documents, falling to 10% for huge ones.
     */
    private void count(Node node) throws Failure {
        decodeCount++;
        if (aliasDepth > 0) {
            aliasCount++;
        }
        if (aliasCount > 100 && decodeCount > 1000 && (double) aliasCount / decodeCount > allowedAliasRatio(decodeCount)) {
            throw fail(YamlError.Kind.LIMIT, node.getStartMark(), "document contains excessive aliasing ("
                    + aliasCount + " of " + decodeCount + " nodes come from aliases); expand them or use fewer");
        }
    }

    private static double allowedAliasRatio(long decodeCount) {
        final long low = 400_000;
        final long high = 4_000_000;
        if (decodeCount <= low) {
            return 0.99;
        }
        if (decodeCount >= high) {
            return 0.10;
        }
        return 0.99 - 0.89 * ((double) (decodeCount - low) / (high - low));
    }

    private JsonNode scalar(ScalarNode n) throws Failure {
        String v = n.getValue();
        if (v.length() > limits.maxScalarChars()) {
            throw fail(YamlError.Kind.LIMIT, n.getStartMark(), "a value of " + v.length() + " characters is longer than the limit of "
                    + limits.maxScalarChars() + " (the API server refuses requests over 3 MiB)");
        }
        Tag tag = n.getTag();
        try {
            if (tag.equals(IMPLICIT)) {
                return Scalars.plain(v);
            }
            if (tag.equals(Tag.STR) || tag.getValue().equals("!")) {
                return TextNode.valueOf(v);
            }
            if (tag.equals(Tag.BINARY)) {
                try {
                    byte[] bytes = Base64.getMimeDecoder().decode(v.replaceAll("\\s", ""));
                    return TextNode.valueOf(new String(bytes, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw fail(YamlError.Kind.SYNTAX, n.getStartMark(), "!!binary value is not base64");
                }
            }
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL) || tag.equals(Tag.NULL)) {
                JsonNode r = Scalars.plain(v);
                boolean fits = tag.equals(Tag.INT) ? r.isIntegralNumber() : tag.equals(Tag.FLOAT) ? r.isNumber()
                        : tag.equals(Tag.BOOL) ? r.isBoolean() : r.isNull();
                if (!fits) {
                    throw fail(YamlError.Kind.SYNTAX, n.getStartMark(), "cannot decode \"" + abbreviate(v) + "\" as "
                            + tag.getValue().replace(Tag.PREFIX, "!!"));
                }
                return r;
            }
        } catch (Scalars.NotJson e) {
            throw fail(YamlError.Kind.UNSUPPORTED, n.getStartMark(), e.getMessage());
        }
        // !!timestamp, local tags (!foo) and the like: go-yaml v2 keeps the text.
        return TextNode.valueOf(v);
    }

    private ArrayNode sequence(SequenceNode n, String pointer, int depth, Positions positions) throws Failure {
        ArrayNode out = NODES.arrayNode(n.getValue().size());
        int i = 0;
        for (Node child : n.getValue()) {
            out.add(convert(child, Positions.child(pointer, i++), depth + 1, positions));
        }
        return out;
    }

    /**
     * A mapping as go-yaml v2 (so kubectl) builds it: entries in document order, each setting its
     * key; a {@code <<} merge sets every key of its mapping(s), the earlier of several sources
     * winning, and so overrides a key written before it (YAML 1.1 says the mapping's own key should
     * win: kubectl does otherwise, and it decides what the API server receives, so that is said as
     * a warning). A key written twice is an error, or with {@link DuplicateKeys#LAST_WINS} the last
     * one wins (as kubectl) with a warning.
     */
    private ObjectNode mapping(MappingNode n, String pointer, int depth, Positions positions) throws Failure {
        ObjectNode out = NODES.objectNode();
        Map<String, Mark> explicit = new HashMap<>();
        for (NodeTuple t : n.getValue()) {
            Node keyNode = t.getKeyNode();
            if (isMerge(keyNode)) {
                merge(out, explicit, t.getValueNode(), keyNode.getStartMark(), pointer, depth, positions);
                continue;
            }
            String key = key(keyNode);
            Mark first = explicit.put(key, keyNode.getStartMark());
            if (first != null) {
                YamlError dup = new YamlError(YamlError.Kind.DUPLICATE_KEY, line(keyNode.getStartMark()),
                        column(keyNode.getStartMark()), "mapping key \"" + abbreviate(key) + "\" already defined at line "
                        + line(first) + (duplicates == DuplicateKeys.LAST_WINS ? "; the last one wins, as kubectl reads it"
                        : "") + "; remove one of them");
                if (duplicates == DuplicateKeys.ERROR) {
                    throw new Failure(dup);
                }
                warnings.add(dup);
            }
            String child = Positions.child(pointer, key);
            if (!out.has(key)) {
                // the usual case: nothing recorded under this key yet, so record straight into the document's
                // positions (a copy and a subtree replacement per key made reading quadratic in a mapping's size)
                positions.key(child, line(keyNode.getStartMark()), column(keyNode.getStartMark()));
                out.set(key, convert(t.getValueNode(), child, depth + 1, positions));
                continue;
            }
            // a key written twice, or one a merge set: its new value's positions replace the old ones
            Positions own = new Positions();
            own.key(child, line(keyNode.getStartMark()), column(keyNode.getStartMark()));
            out.set(key, convert(t.getValueNode(), child, depth + 1, own));
            positions.replaceSubtree(child, own);
        }
        return out;
    }

    /** go-yaml v2's merge: a mapping, or a list of mappings applied last to first so the first wins. */
    private void merge(ObjectNode out, Map<String, Mark> explicit, Node value, Mark at, String pointer, int depth,
                       Positions positions) throws Failure {
        List<Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
        if (value instanceof SequenceNode) {
            count(value);
        }
        List<Node> ordered = new ArrayList<>(sources);
        java.util.Collections.reverse(ordered);
        for (Node source : ordered) {
            if (!(source instanceof MappingNode)) {
                throw fail(YamlError.Kind.SYNTAX, source.getStartMark(),
                        "a merge key (<<) needs a mapping or a list of mappings as its value");
            }
            Positions merged = new Positions();
            JsonNode m = convert(source, pointer, depth, merged);
            for (var it = m.fields(); it.hasNext(); ) {
                var e = it.next();
                Mark own = explicit.remove(e.getKey());
                if (own != null) {
                    warnings.add(new YamlError(YamlError.Kind.DUPLICATE_KEY, line(own), column(own), "key \""
                            + abbreviate(e.getKey()) + "\" is overridden by the merge key (<<) at line " + line(at)
                            + ": kubectl applies merges in order; put the key after the << line to keep it"));
                }
                out.set(e.getKey(), e.getValue());
                positions.replaceSubtree(Positions.child(pointer, e.getKey()), merged);
            }
        }
    }

    private static boolean isMerge(Node key) {
        return key instanceof ScalarNode s && "<<".equals(s.getValue())
                && (s.getTag().equals(IMPLICIT) || s.getTag().equals(Tag.MERGE));
    }

    private String key(Node keyNode) throws Failure {
        if (!(keyNode instanceof ScalarNode s)) {
            throw fail(YamlError.Kind.UNSUPPORTED, keyNode.getStartMark(),
                    "a mapping key must be a string, not a " + (keyNode instanceof MappingNode ? "mapping" : "list"));
        }
        count(keyNode);
        try {
            JsonNode resolved = scalar(s);
            return Scalars.key(resolved == null ? NullNode.instance : resolved);
        } catch (Scalars.NotJson e) {
            throw fail(YamlError.Kind.UNSUPPORTED, keyNode.getStartMark(), e.getMessage());
        }
    }

    private int line(Mark m) {
        return m == null ? 0 : m.getLine() + 1 + lineOffset;
    }

    private static int column(Mark m) {
        return m == null ? 0 : m.getColumn() + 1;
    }

    private Failure fail(YamlError.Kind kind, Mark at, String message) {
        return new Failure(new YamlError(kind, line(at), column(at), message));
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
