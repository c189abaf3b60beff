package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import io.backupgen.kube.KubeValues;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Label keys and values where the API server checks them: the object's own {@code metadata.labels};
 * in built-in kinds also the labels of embedded templates and every {@code matchLabels} (they are
 * all label selectors there). Never inside a custom resource's or a CRD's free-form content: a
 * {@code matchLabels} in an {@code openAPIV3Schema} is a property name, not a selector.
 */
final class LabelRules {
    private LabelRules() {
    }

    static void check(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode meta = doc.body().path("metadata");
        if (meta.isObject()) {
            labelMap(meta.get("labels"), () -> "metadata.labels", sink);
        }
        if (!Nodes.builtIn(doc) || "CustomResourceDefinition".equals(doc.kind())) {
            return;
        }
        JsonNode spec = doc.body().get("spec");
        if (spec == null) {
            return;
        }
        Nodes.walk(spec, "spec", "spec", (path, field, node, parentField) -> {
            boolean labels = ("labels".equals(field) && "metadata".equals(parentField)) || "matchLabels".equals(field);
            if (labels) {
                labelMap(node, path::path, sink);
            }
        });
    }

    /**
     * The path is built only for a label that is wrong: building one for every label (label keys are
     * quoted, {@code labels["app.kubernetes.io/name"]}) showed in profiles of validate.
     */
    private static void labelMap(JsonNode node, Supplier<String> path, Rule.Sink sink) {
        if (node == null || !node.isObject()) {
            return; // a wrong type is the schema's to report
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<String> key = labelKey(e.getKey());
            JsonNode v = e.getValue();
            Optional<String> value = v.isTextual() ? labelValue(v.asText()) : Optional.empty();
            if (key.isPresent() || value.isPresent()) {
                String at = FieldPath.field(path.get(), e.getKey());
                key.ifPresent(m -> sink.error(at, m));
                value.ifPresent(m -> sink.error(at, m));
            }
        }
    }

    /** The API server's label-key rule, shared with the spec's checks (one definition in KubeValues). */
    static Optional<String> labelKey(String key) {
        return KubeValues.labelKeyProblem(key);
    }

    static Optional<String> labelValue(String value) {
        return KubeValues.labelValueProblem(value);
    }
}
