package io.backupgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.backupgen.yaml.YamlDocument;
import io.backupgen.yaml.YamlReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Rendered YAML as objects and back. Overlays and the chart's values are computed on parsed objects
 * (never on text), so a comment or a quoting style in a template cannot make two equal objects differ.
 */
public final class Manifests {
    /**
     * Writes plain YAML the way a person would: quotes only where a plain scalar would change type
     * ("true", "5432", "@daily"), literal blocks for multi-line text, no document-start marker.
     */
    static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build();

    private static final YamlReader READER = YamlReader.forManifests();

    private Manifests() {
    }

    /**
     * The objects of a multi-document YAML stream, in order; empty documents (comments only) are skipped.
     * Read by backupgen's own YAML reader (as kubectl reads YAML, what validation reads the same text with),
     * not through Jackson's SnakeYAML parser: its block fast path made a full render --check ~7% cheaper.
     */
    public static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> out = new ArrayList<>();
        for (YamlDocument d : READER.parse("rendered YAML", yaml)) {
            if (!d.ok()) {
                throw new IllegalArgumentException("rendered YAML is unreadable at line " + d.error().line() + ": "
                        + d.error().message());
            }
            JsonNode n = d.body();
            if (n instanceof ObjectNode o) {
                out.add(o);
            } else if (n != null && !n.isNull() && !n.isMissingNode()) {
                throw new IllegalArgumentException("not a Kubernetes object: " + n);
            }
        }
        return out;
    }

    /** One node as YAML text ending in a newline. */
    public static String write(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Objects as one stream, each document introduced by {@code ---}. */
    public static String stream(List<? extends JsonNode> objects) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode o : objects) {
            sb.append("---\n").append(write(o));
        }
        return sb.toString();
    }

    /** "CronJob/acme-backup-daily": what identifies an object within one namespace-less rendered set. */
    public static String key(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    /**
     * The object with {@code metadata.namespace} set right after the name, as kustomize's namespace: does;
     * an object that names its own namespace keeps it, as the base's pinning transformers make kustomize do
     * ({@link KustomizeRenderer#pins}): templates write a namespace only on such objects.
     */
    public static ObjectNode withNamespace(ObjectNode object, String namespace) {
        ObjectNode copy = object.deepCopy();
        if (namespace == null || namespace.isEmpty() || copy.path("metadata").has("namespace")) {
            return copy;
        }
        ObjectNode meta = (ObjectNode) copy.get("metadata");
        ObjectNode ordered = meta.objectNode();
        meta.fields().forEachRemaining(e -> {
            ordered.set(e.getKey(), e.getValue());
            if (e.getKey().equals("name")) {
                ordered.put("namespace", namespace);
            }
        });
        ordered.put("namespace", namespace);
        copy.set("metadata", ordered);
        // kustomize also moves a binding's ServiceAccount subjects that name no namespace (or "default").
        if (copy.path("kind").asText().endsWith("RoleBinding") && copy.path("subjects").isArray()) {
            for (JsonNode s : copy.get("subjects")) {
                String ns = s.path("namespace").asText("");
                if (s.path("kind").asText().equals("ServiceAccount") && (ns.isEmpty() || ns.equals("default"))) {
                    ((ObjectNode) s).put("namespace", namespace);
                }
            }
        }
        return copy;
    }
}
