package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.spec.SpecSchema;
import java.util.Map;

/**
 * The chart's values.schema.json holds Kubernetes' shapes (affinity, tolerations, egress rules) once,
 * under {@code definitions}, however many values use them: a spec schema node is copied with its
 * {@code #/$defs/X} references turned into {@code #/definitions/X}, and the definitions it reaches are
 * collected. (draft-07, which Helm reads, names the section {@code definitions}.)
 */
final class ChartDefinitions {
    private static final String SPEC_DEFS = "#/$defs/";
    private static final String CHART_DEFS = "#/definitions/";

    private ChartDefinitions() {
    }

    /** The chart schema's reference to definition {@code name}. */
    static String ref(String name) {
        return CHART_DEFS + name;
    }

    /** A spec schema node that is a reference to one of Kubernetes' own shapes (kept a reference in the chart). */
    static boolean isKubernetesShape(JsonNode specNode) {
        return specNode.path("$ref").asText().startsWith(SPEC_DEFS + "io.k8s.");
    }

    /** A copy of a spec schema node whose references point at the chart schema's definitions. */
    static JsonNode rewrite(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref") && e.getValue().asText().startsWith(SPEC_DEFS)) {
                    out.put("$ref", CHART_DEFS + e.getValue().asText().substring(SPEC_DEFS.length()));
                } else {
                    out.set(e.getKey(), rewrite(e.getValue()));
                }
            });
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> out.add(rewrite(item)));
            return out;
        }
        return node;
    }

    /** Adds every definition {@code node} refers to (and those they refer to) to {@code out}. */
    static void collect(JsonNode node, Map<String, JsonNode> out) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.asText().startsWith(CHART_DEFS)) {
                String name = ref.asText().substring(CHART_DEFS.length());
                if (!out.containsKey(name)) {
                    JsonNode def = rewrite(SpecSchema.get().root().path("$defs").path(name));
                    out.put(name, def);
                    collect(def, out);
                }
            }
            node.elements().forEachRemaining(child -> collect(child, out));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
