package io.backupgen.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backupgen.document.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict JSON-schema validation through an ordered chain of {@link SchemaRegistry}s. Schemas are
 * loaded lazily, only for kinds present, and compiled once per kind+apiVersion+version.
 */
final class SchemaLayer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(false)
            .build();

    private final List<SchemaRegistry> registries;
    private final String kubernetesVersion;
    private final Map<String, Lookup> compiled = new ConcurrentHashMap<>();

    /** What the chain found for a kind: a compiled schema, nothing, or an error that stopped it. */
    record Lookup(Optional<JsonSchema> schema, String error) {
    }

    /** A schema violation: field path elements and message. */
    record Violation(String path, String message) {
    }

    SchemaLayer(List<SchemaRegistry> registries, String kubernetesVersion) {
        this.registries = List.copyOf(registries);
        this.kubernetesVersion = kubernetesVersion;
    }

    boolean enabled() {
        return !registries.isEmpty();
    }

    Lookup lookup(String kind, String apiVersion) {
        return compiled.computeIfAbsent(kind + "|" + apiVersion + "|" + kubernetesVersion, k -> load(kind, apiVersion));
    }

    private Lookup load(String kind, String apiVersion) {
        for (SchemaRegistry r : registries) {
            Optional<String> text;
            try {
                text = r.load(kind, apiVersion, kubernetesVersion);
            } catch (SchemaRegistry.SchemaLoadException e) {
                return new Lookup(Optional.empty(), e.getMessage());
            }
            if (text.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(text.get());
                if (node instanceof ObjectNode o) {
                    // Kubernetes schemas say "$schema": "http://json-schema.org/schema#", which names no
                    // draft; they use only draft-04/07 keywords, so compile them as draft-07.
                    o.remove("$schema");
                    o.remove("id");
                    o.remove("$id");
                }
                return new Lookup(Optional.of(FACTORY.getSchema(node, CONFIG)), null);
            } catch (JsonProcessingException | RuntimeException e) {
                return new Lookup(Optional.empty(), "schema for " + apiVersion + " " + kind + " from "
                        + r.location() + " is not valid JSON Schema: " + e.getMessage());
            }
        }
        return new Lookup(Optional.empty(), null);
    }

    static List<Violation> validate(JsonSchema schema, JsonNode body) {
        Set<ValidationMessage> messages = schema.validate(body);
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            List<Object> elements = new ArrayList<>();
            JsonNodePath p = m.getInstanceLocation();
            for (int i = 0; i < p.getNameCount(); i++) {
                elements.add(p.getElement(i));
            }
            String type = m.getType();
            if (m.getProperty() != null && ("additionalProperties".equals(type) || "required".equals(type))) {
                elements.add(m.getProperty());
            }
            String text = switch (type == null ? "" : type) {
                case "additionalProperties" -> "unknown field \"" + m.getProperty() + "\"";
                case "required" -> "required field \"" + m.getProperty() + "\" is missing";
                default -> m.getError() != null ? m.getError() : m.getMessage();
            };
            out.add(new Violation(FieldPath.of(elements), text));
        }
        return out;
    }
}
