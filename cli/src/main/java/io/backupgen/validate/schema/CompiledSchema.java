package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * A JSON schema compiled to small checks, for the keywords Kubernetes schemas and the spec schema use:
 * it reports what networknt 1.5 reports for the same schema and document, in draft 7 as {@code SchemaLayer}
 * configures it or in draft 2020-12 as the spec was checked ({@link Dialect}), without networknt's per-call machinery (execution contexts, node paths and message
 * objects for every keyword, sets of messages at every level). Subschemas compile on first use;
 * thread-safe.
 */
public final class CompiledSchema {
    private final SchemaNode root;
    private final Dialect dialect;

    private CompiledSchema(JsonNode schema, Dialect dialect) {
        this.root = new SchemaNode(schema, new Compilation(dialect, schema));
        this.dialect = dialect;
    }

    /**
     * The compiled schema, or empty when it uses a keyword (or a keyword's form) this engine does not
     * implement: the caller then keeps networknt for the whole schema, so that verdicts never depend on
     * which engine ran. The schema is read, never changed, and must not change afterwards.
     */
    public static Optional<CompiledSchema> compile(JsonNode schema) {
        return compile(schema, Dialect.KUBERNETES);
    }

    /** As {@link #compile(JsonNode)}, judging as {@code dialect} does; the schema is the root its {@code $ref}s point into. */
    public static Optional<CompiledSchema> compile(JsonNode schema, Dialect dialect) {
        return Keywords.supported(schema, dialect) ? Optional.of(new CompiledSchema(schema, dialect)) : Optional.empty();
    }

    /**
     * What fails in {@code document}, in networknt's order (before any sorting). In Kubernetes' dialect
     * fields whose value is null count as absent, as {@link Nulls} says, without copying the document.
     */
    public List<Problem> validate(JsonNode document) {
        Walk walk = new Walk(dialect);
        root.validate(document, walk);
        return walk.problems();
    }
}
