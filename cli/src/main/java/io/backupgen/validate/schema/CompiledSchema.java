package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A JSON schema compiled to small checks, for the keywords Kubernetes schemas use: it reports what
 * networknt 1.5 (draft 7, as {@code SchemaLayer} configures it) reports for the same schema and
 * document, without networknt's per-call machinery (execution contexts, node paths and message
 * objects for every keyword, sets of messages at every level). Subschemas compile on first use;
 * thread-safe.
 */
public final class CompiledSchema {
    private final SchemaNode root;

    private CompiledSchema(JsonNode schema) {
        this.root = new SchemaNode(schema);
    }

    /**
     * The compiled schema, or empty when it uses a keyword (or a keyword's form) this engine does not
     * implement: the caller then keeps networknt for the whole schema, so that verdicts never depend on
     * which engine ran. The schema is read, never changed, and must not change afterwards.
     */
    public static Optional<CompiledSchema> compile(JsonNode schema) {
        return Keywords.supported(schema) ? Optional.of(new CompiledSchema(schema)) : Optional.empty();
    }

    /**
     * What fails in {@code document}, in networknt's order (before any sorting). Fields whose value is
     * null count as absent, as {@link Nulls} says, without copying the document.
     */
    public List<Problem> validate(JsonNode document) {
        Walk walk = new Walk();
        root.validate(document, walk);
        return walk.problems();
    }
}
