package io.backupgen.validate.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every subschema of one compiled schema shares: the dialect it is judged in, and the root
 * document its local {@code $ref}s point into, with one node per target so that a shape referenced
 * from many places (the spec's pod settings) compiles once.
 */
final class Compilation {
    final Dialect dialect;
    private final JsonNode root;
    private final ConcurrentHashMap<String, SchemaNode> targets = new ConcurrentHashMap<>();

    Compilation(Dialect dialect, JsonNode root) {
        this.dialect = dialect;
        this.root = root;
    }

    /** Whether a field with this value counts as given: null does not in Kubernetes' dialect ({@link Nulls}). */
    boolean present(JsonNode value) {
        return value != null && (dialect == Dialect.DRAFT_2020_12 || !value.isNull());
    }

    /** The schema a local {@code $ref} ({@code #/$defs/pod}) names, or a missing node when there is none. */
    JsonNode target(String ref) {
        if (!ref.startsWith("#")) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return root.at(JsonPointer.compile(ref.substring(1)));
        } catch (IllegalArgumentException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** The compiled node of a {@code $ref}'s target (already known to exist), shared by all its referrers. */
    SchemaNode node(String ref) {
        return targets.computeIfAbsent(ref, r -> new SchemaNode(target(r), this));
    }
}
