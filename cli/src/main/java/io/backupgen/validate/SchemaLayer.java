package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.validate.schema.CompiledSchema;
import io.backupgen.validate.schema.Nulls;
import io.backupgen.validate.schema.Problem;
import java.util.ArrayList;
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

    private final List<SchemaRegistry> registries;
    private final String kubernetesVersion;
    private final boolean strict;
    private final Map<String, Lookup> compiled = new ConcurrentHashMap<>();

    /**
     * What the chain found for a kind: a compiled schema and where it came from, nothing (both
     * null), or an error that stopped the chain.
     */
    record Lookup(Engine schema, String location, String error) {
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

    /** A compiled schema: what fails in a document, in the engine's order. */
    interface Engine {
        List<Problem> problems(JsonNode body);
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
                return new Lookup(compile(prepared(node)), r.location(), null);
            } catch (RuntimeException e) {
                return new Lookup(null, r.location(), "the schema for " + apiVersion + " " + kind + " from "
                        + r.location() + " is not a usable JSON schema (" + e.getMessage() + "): a broken schema");
            }
        }
        return new Lookup(null, null, null);
    }

    /**
     * A loaded schema as both engines take it. Kubernetes schemas say
     * {@code "$schema": "http://json-schema.org/schema#"}, which names no draft; they use only draft-04/07
     * keywords, so they are compiled as draft-07.
     */
    static ObjectNode prepared(JsonNode loaded) {
        ObjectNode o = (ObjectNode) loaded.deepCopy();
        o.remove("$schema");
        o.remove("id");
        o.remove("$id");
        nullableScalarElements(o, false);
        return o;
    }

    /**
     * Our compiled validator when the schema uses only keywords it implements (every carried schema
     * does), else networknt for the whole schema. The fallback exists so that a user's schema (from
     * {@code --schema-location}) with a keyword we do not implement still gets exactly the verdicts and
     * messages it always got, rather than an engine that silently ignores the keyword.
     */
    static Engine compile(ObjectNode prepared) {
        var ours = CompiledSchema.compile(prepared);
        return ours.isPresent() ? ours.get()::validate : new NetworkntSchema(prepared);
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

    /** A document's violations; both engines judge a field whose value is null as absent ({@link Nulls}). */
    static List<Violation> validate(Engine schema, JsonNode body, boolean hideValues) {
        return violations(schema.problems(body), hideValues);
    }

    /** Failures as users read them: sorted by location (stably), in our words, each said once. */
    static List<Violation> violations(List<Problem> problems, boolean hideValues) {
        List<Violation> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (problems.isEmpty()) {
            return out;
        }
        List<Map.Entry<String, Problem>> keyed = new ArrayList<>(problems.size());
        problems.forEach(p -> keyed.add(Map.entry(p.sortKey(), p)));
        keyed.sort(Map.Entry.comparingByKey()); // stable: one location's failures keep the engine's order
        for (Map.Entry<String, Problem> k : keyed) {
            Problem m = k.getValue();
            List<Object> elements = new ArrayList<>(m.location());
            String type = m.keyword();
            if (m.property() != null && ("additionalProperties".equals(type) || "required".equals(type))) {
                elements.add(m.property());
            }
            JsonNode instance = m.instance();
            String text = switch (type) {
                case "additionalProperties" -> "unknown field \"" + m.property() + "\"";
                case "required" -> "required field \"" + m.property() + "\" is missing";
                case "type" -> "expected " + expected(m.schema()) + ", got " + describe(instance);
                case "oneOf", "anyOf" -> "expected " + expected(m.schema()) + ", got " + describe(instance);
                case "enum" -> "unsupported value" + (hideValues || instance == null ? "" : " " + instance)
                        + ": must be one of " + enumValues(m.schema());
                default -> hideValues ? "invalid value (" + type + ")" : m.error();
            };
            if (seen.add(elements + "\u0000" + text)) {
                out.add(new Violation(elements, type, text));
            }
        }
        return out;
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
