package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A field whose value is {@code null} is no field at all to the API server: a built-in kind's
 * decoder leaves it at its zero value, and a custom resource's null fields are pruned before
 * validation unless the CRD says {@code nullable: true} (where null is valid anyway). So schemas
 * judge objects without them ({@code spec.groups: null} in a PrometheusRule is accepted; a null
 * required field is still missing). A null list item stays: it is the item type's zero value, which
 * {@code SchemaLayer.nullableScalarElements} lets scalar schemas accept. {@link CompiledSchema} skips
 * null fields as it walks; networknt is given a pruned copy.
 */
public final class Nulls {
    private Nulls() {
    }

    /** The body without null fields: itself, not a copy, when it has none, which is nearly always. */
    public static JsonNode withoutNullFields(JsonNode body) {
        return hasNullField(body) ? pruned(body.deepCopy()) : body;
    }

    static boolean hasNullField(JsonNode n) {
        if (n.isObject()) {
            for (var it = n.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (v.isNull() || hasNullField(v)) {
                    return true;
                }
            }
        } else if (n.isArray()) {
            for (JsonNode v : n) {
                if (hasNullField(v)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode pruned(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.properties().removeIf(e -> e.getValue().isNull());
            o.forEach(Nulls::pruned);
        } else if (n.isArray()) {
            n.forEach(Nulls::pruned);
        }
        return n;
    }

    /** Whether a field's value counts as the field: not when it is null. */
    static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }
}
