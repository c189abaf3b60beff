package io.backupgen.spec;

import io.backupgen.text.Suggest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;

/**
 * A spec being assembled from answers ({@code init}'s flags, prompts and {@code --set key=value}),
 * on top of the built-in defaults so the written file shows every value it will run with.
 */
public final class SpecDraft {
    private static final YAMLMapper YAML = new YAMLMapper();
    private final ObjectNode tree;

    public SpecDraft() {
        tree = JsonNodeFactory.instance.objectNode();
        tree.put("apiVersion", SpecLoader.API_VERSION);
        tree.put("kind", SpecLoader.KIND);
        try {
            JsonNode defaults = YAML.readTree(SpecLoader.class.getResourceAsStream(SpecLoader.DEFAULTS));
            SpecLoader.merge(tree, defaults);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sets a dotted path ({@code tiers.daily.keep}); the value is read as a YAML scalar, so 14 is a number. */
    public SpecDraft set(String dottedPath, String rawValue) {
        checkPath(dottedPath);
        JsonNode value;
        try {
            value = rawValue.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(rawValue);
        } catch (IOException e) {
            value = JsonNodeFactory.instance.textNode(rawValue);
        }
        if (value == null || value.isMissingNode() || value.isContainerNode()) {
            value = JsonNodeFactory.instance.textNode(rawValue);
        }
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
        return this;
    }

    /** Sets a string value exactly as given (no YAML reading), for names that could look like numbers. */
    public SpecDraft setText(String dottedPath, String value) {
        set(dottedPath, "x");
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (ObjectNode) node.get(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
        return this;
    }

    /** Sets a structured value (a Kubernetes label selector, say) at a dotted path of the schema. */
    public SpecDraft setNode(String dottedPath, JsonNode value) {
        checkPath(dottedPath);
        String[] parts = dottedPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value.deepCopy());
        return this;
    }

    /** A path must name a field of the schema; an unknown one would otherwise be dropped silently. */
    private static void checkPath(String dottedPath) {
        StringBuilder pointer = new StringBuilder();
        for (String part : dottedPath.split("\\.")) {
            com.fasterxml.jackson.core.JsonPointer parent = com.fasterxml.jackson.core.JsonPointer.compile(pointer.toString());
            pointer.append('/').append(part);
            var sub = SpecSchema.get().at(com.fasterxml.jackson.core.JsonPointer.compile(pointer.toString()));
            if (sub.isEmpty()) {
                var allowed = SpecSchema.propertyNames(SpecSchema.get().at(parent).orElseThrow());
                throw new SpecException(java.util.List.of(new Diagnostic("--set " + dottedPath, 0, 0, dottedPath,
                        "unknown field '" + part + "'", String.join(", ", allowed),
                        Suggest.nearest(part, allowed).map(x -> "did you mean '" + x + "'?").orElse(""))));
            }
        }
    }

    public String text(String header) {
        return SpecWriter.write(tree, header);
    }
}
