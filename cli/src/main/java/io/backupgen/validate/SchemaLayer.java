package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON-schema validation through an ordered chain of {@link SchemaRegistry}s, kubeconform-style:
 * the first location that has a schema for a kind wins, "not found" falls through, a real error
 * stops. Schemas are loaded lazily, only for kinds present, and compiled once per
 * kind+apiVersion (per validator, so per Kubernetes version and strictness); thread-safe.
 */
final class SchemaLayer {
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(false)
            .build();

    private final List<SchemaRegistry> registries;
    private final String kubernetesVersion;
    private final boolean strict;
    private final Map<String, Lookup> compiled = new ConcurrentHashMap<>();

    /**
     * What the chain found for a kind: a compiled schema and where it came from, nothing (both
     * null), or an error that stopped the chain.
     */
    record Lookup(JsonSchema schema, String location, String error) {
        boolean found() {
            return schema != null;
        }
    }

    /**
     * A schema violation.
     *
     * @param path    field path elements (strings and indexes) of the offending value or field
     * @param keyword the JSON-schema keyword that failed ({@code type}, {@code required}, ...)
     * @param message what is wrong, naming the expected and actual types, never the value itself
     *                when {@code hideValue} was asked
     */
    record Violation(List<Object> path, String keyword, String message) {
    }

    SchemaLayer(List<SchemaRegistry> registries, String kubernetesVersion, boolean strict) {
        this.registries = List.copyOf(registries);
        this.kubernetesVersion = kubernetesVersion;
        this.strict = strict;
    }

    List<String> locations() {
        return registries.stream().map(SchemaRegistry::location).toList();
    }

    Lookup lookup(String kind, String apiVersion) {
        return compiled.computeIfAbsent(kind + "|" + apiVersion, k -> load(kind, apiVersion));
    }

    private Lookup load(String kind, String apiVersion) {
        for (SchemaRegistry r : registries) {
            JsonNode node;
            try {
                var found = r.load(kind, apiVersion, kubernetesVersion, strict);
                if (found.isEmpty()) {
                    continue;
                }
                node = found.get();
            } catch (SchemaRegistry.SchemaLoadException e) {
                return new Lookup(null, r.location(), e.getMessage());
            }
            try {
                ObjectNode o = (ObjectNode) node.deepCopy();
                // Kubernetes schemas say "$schema": "http://json-schema.org/schema#", which names no
                // draft; they use only draft-04/07 keywords, so compile them as draft-07.
                o.remove("$schema");
                o.remove("id");
                o.remove("$id");
                nullableScalarElements(o, false);
                JsonSchema schema = FACTORY.getSchema(o, CONFIG);
                schema.initializeValidators(); // now, once: validation may then run on many threads
                return new Lookup(schema, r.location(), null);
            } catch (RuntimeException e) {
                return new Lookup(null, r.location(), "the schema for " + apiVersion + " " + kind + " from "
                        + r.location() + " is not a usable JSON schema (" + e.getMessage() + "): a broken schema");
            }
        }
        return new Lookup(null, null, null);
    }

    /**
     * The API server decodes a {@code null} list item or map value of a scalar type as its zero value
     * ({@code args: [null]} is {@code [""]}), so such schemas take null too. Not objects: a null
     * container is an empty one, which the rules and required fields then judge.
     */
    static void nullableScalarElements(JsonNode schema, boolean element) {
        if (schema instanceof ObjectNode o) {
            JsonNode t = o.get("type");
            if (element && t != null && t.isTextual() && List.of("string", "integer", "number", "boolean").contains(t.asText())) {
                o.putArray("type").add(t.asText()).add("null");
            }
            for (var it = o.fields(); it.hasNext(); ) {
                var e = it.next();
                boolean child = e.getKey().equals("items") || e.getKey().equals("additionalProperties");
                if (e.getKey().equals("properties") && e.getValue().isObject()) {
                    e.getValue().forEach(p -> nullableScalarElements(p, false));
                } else {
                    nullableScalarElements(e.getValue(), child);
                }
            }
        } else if (schema != null && schema.isArray()) {
            schema.forEach(x -> nullableScalarElements(x, false));
        }
    }

    static List<Violation> validate(JsonSchema schema, JsonNode body, boolean hideValues) {
        Set<ValidationMessage> messages = schema.validate(withoutNullFields(body));
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<ValidationMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(m -> m.getInstanceLocation().toString()));
        for (ValidationMessage m : sorted) {
            List<Object> elements = new ArrayList<>();
            JsonNodePath p = m.getInstanceLocation();
            for (int i = 0; i < p.getNameCount(); i++) {
                elements.add(p.getElement(i));
            }
            String type = m.getType() == null ? "" : m.getType();
            if (m.getProperty() != null && ("additionalProperties".equals(type) || "required".equals(type))) {
                elements.add(m.getProperty());
            }
            JsonNode instance = m.getInstanceNode();
            String text = switch (type) {
                case "additionalProperties" -> "unknown field \"" + m.getProperty() + "\"";
                case "required" -> "required field \"" + m.getProperty() + "\" is missing";
                case "type" -> "expected " + expected(m.getSchemaNode()) + ", got " + describe(instance);
                case "oneOf", "anyOf" -> "expected " + expected(m.getSchemaNode()) + ", got " + describe(instance);
                case "enum" -> "unsupported value" + (hideValues || instance == null ? "" : " " + instance)
                        + ": must be one of " + enumValues(m.getSchemaNode());
                default -> hideValues ? "invalid value (" + type + ")" : (m.getError() != null ? m.getError() : m.getMessage());
            };
            if (seen.add(elements + "\u0000" + text)) {
                out.add(new Violation(elements, type, text));
            }
        }
        return out;
    }

    /**
     * A field whose value is {@code null} is no field at all to the API server: a built-in kind's
     * decoder leaves it at its zero value, and a custom resource's null fields are pruned before
     * validation unless the CRD says {@code nullable: true} (where null is valid anyway). So they are
     * dropped before the schema sees the object ({@code spec.groups: null} in a PrometheusRule is
     * accepted; a null required field is still missing). The body itself is returned, not copied,
     * when it has no null field, which is nearly always.
     */
    static JsonNode withoutNullFields(JsonNode body) {
        return hasNullField(body) ? pruned(body.deepCopy()) : body;
    }

    private static boolean hasNullField(JsonNode n) {
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
            o.forEach(SchemaLayer::pruned);
        } else if (n.isArray()) {
            n.forEach(SchemaLayer::pruned);
        }
        return n;
    }

    /** "string", "integer or string", from a schema's type / oneOf / anyOf. */
    private static String expected(JsonNode schema) {
        if (schema == null) {
            return "another type";
        }
        List<String> types = new ArrayList<>();
        collectTypes(schema, types);
        types.remove("null");
        if (types.isEmpty()) {
            return "another type";
        }
        return types.size() == 1 ? types.get(0) : String.join(", ", types.subList(0, types.size() - 1)) + " or "
                + types.get(types.size() - 1);
    }

    private static void collectTypes(JsonNode schema, List<String> out) {
        JsonNode t = schema.get("type");
        if (t != null && t.isTextual()) {
            addOnce(out, t.asText());
        } else if (t != null && t.isArray()) {
            t.forEach(x -> addOnce(out, x.asText()));
        }
        for (String k : List.of("oneOf", "anyOf")) {
            JsonNode alts = schema.get(k);
            if (alts != null && alts.isArray()) {
                alts.forEach(a -> collectTypes(a, out));
            }
        }
        // a oneOf/anyOf/type keyword points at its own value: the alternatives themselves
        if (schema.isArray()) {
            schema.forEach(a -> collectTypes(a, out));
        } else if (schema.isTextual()) {
            addOnce(out, schema.asText());
        }
    }

    private static void addOnce(List<String> out, String s) {
        if (!out.contains(s)) {
            out.add(s);
        }
    }

    private static String enumValues(JsonNode schema) {
        JsonNode e = schema != null && schema.isArray() ? schema : schema == null ? null : schema.get("enum");
        if (e == null || !e.isArray()) {
            return "the allowed values";
        }
        List<String> vals = new ArrayList<>();
        e.forEach(v -> {
            if (!v.isNull()) {
                vals.add(v.toString());
            }
        });
        return String.join(", ", vals);
    }

    static String describe(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        if (n.isObject()) {
            return "object";
        }
        if (n.isArray()) {
            return "array";
        }
        if (n.isTextual()) {
            return "string";
        }
        if (n.isIntegralNumber()) {
            return "integer";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "boolean";
        }
        return "null";
    }
}
