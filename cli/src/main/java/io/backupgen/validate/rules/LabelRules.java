package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Label keys and values where the API server checks them: the object's own {@code metadata.labels};
 * in built-in kinds also the labels of embedded templates and every {@code matchLabels} (they are
 * all label selectors there). Never inside a custom resource's or a CRD's free-form content: a
 * {@code matchLabels} in an {@code openAPIV3Schema} is a property name, not a selector.
 */
final class LabelRules {
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private LabelRules() {
    }

    static void check(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode meta = doc.body().path("metadata");
        if (meta.isObject()) {
            labelMap(meta.get("labels"), "metadata.labels", sink);
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
                labelMap(node, path, sink);
            }
        });
    }

    private static void labelMap(JsonNode node, String path, Rule.Sink sink) {
        if (node == null || !node.isObject()) {
            return; // a wrong type is the schema's to report
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = FieldPath.field(path, e.getKey());
            labelKey(e.getKey()).ifPresent(m -> sink.error(at, m));
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                labelValue(v.asText()).ifPresent(m -> sink.error(at, m));
            }
        }
    }

    static Optional<String> labelKey(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !NameRules.DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                return Optional.of("label key \"" + key + "\": prefix must be a lowercase DNS-1123 subdomain of at most 253 characters");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
            return Optional.of("label key \"" + key + "\": name part must be at most 63 characters, alphanumerics, '-', '_' or '.',"
                    + " starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }

    static Optional<String> labelValue(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > 63 || !LABEL_NAME.matcher(value).matches()) {
            return Optional.of("label value \"" + value + "\" must be at most 63 characters, alphanumerics, '-', '_' or '.',"
                    + " starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }
}
