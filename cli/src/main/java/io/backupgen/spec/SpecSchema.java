package io.backupgen.spec;

import io.backupgen.text.Suggest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.validate.schema.CompiledSchema;
import io.backupgen.validate.schema.Dialect;
import io.backupgen.validate.schema.Problem;
import io.backupgen.yaml.Position;
import io.backupgen.yaml.Positions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The spec's JSON Schema: printed by {@code backupgen schema} for editors, and used to check every
 * spec and profile file before binding, so errors come with positions and the allowed values.
 */
public final class SpecSchema {
    public static final String RESOURCE = "/io/backupgen/spec/backupgen-spec.schema.json";
    /**
     * Kubernetes' own schemas of the shapes the spec embeds (tolerations, affinity, label selectors,
     * network policy rules), extracted from the strict Kubernetes JSON schemas (see KubernetesDefsTest)
     * and added to {@code $defs} at load, so the hand-written schema stays readable and the shapes
     * cannot drift from Kubernetes'.
     */
    static final String KUBERNETES_DEFS = "/io/backupgen/spec/kubernetes-defs.json";

    private static volatile SpecSchema instance;

    private final JsonNode root;
    private final CompiledSchema schema;

    private SpecSchema(JsonNode root) {
        this.root = root;
        // Our engine, judging as networknt's draft 2020-12 did (SpecSchemaAgreementTest): loading networknt
        // and compiling with it was ~50 ms of every cold render. Subschemas compile when a spec first reaches
        // them, so a spec pays for the parts it uses, not for every Kubernetes shape in $defs.
        this.schema = CompiledSchema.compile(root, Dialect.DRAFT_2020_12).orElseThrow(() -> new IllegalStateException(
                "spec schema: uses a keyword io.backupgen.validate.schema does not implement"));
    }

    public static SpecSchema get() {
        SpecSchema s = instance;
        if (s == null) {
            synchronized (SpecSchema.class) {
                s = instance;
                if (s == null) {
                    s = new SpecSchema(readRoot());
                    instance = s;
                }
            }
        }
        return s;
    }

    /** The whole schema, Kubernetes' definitions included, for {@code backupgen schema}: one self-contained document. */
    public static String text() {
        try {
            return new ObjectMapper().writer(new DefaultPrettyPrinter(
                            Separators.createDefaultInstance()
                                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                            .withArrayIndenter(new DefaultIndenter("  ", "\n")))
                    .writeValueAsString(get().root()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readRoot() {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = SpecSchema.class.getResourceAsStream(RESOURCE);
             InputStream k8s = SpecSchema.class.getResourceAsStream(KUBERNETES_DEFS)) {
            ObjectNode root =
                    (ObjectNode) json.readTree(in);
            ObjectNode defs = root.has("$defs")
                    ? (ObjectNode) root.get("$defs") : root.putObject("$defs");
            json.readTree(k8s).fields().forEachRemaining(e -> {
                if (!e.getKey().startsWith("$")) {
                    defs.set(e.getKey(), e.getValue());
                }
            });
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode root() {
        return root;
    }

    /** The subschema that governs the instance at {@code pointer}, if the schema describes it ($refs followed). */
    public Optional<JsonNode> at(JsonPointer pointer) {
        JsonNode node = resolve(root);
        JsonPointer p = pointer;
        while (!p.matches()) {
            String segment = p.getMatchingProperty();
            JsonNode props = node.path("properties");
            if (props.has(segment)) {
                node = props.get(segment);
            } else if (node.path("additionalProperties").isObject()) {
                node = node.get("additionalProperties");
            } else if (node.path("items").isObject() && p.getMatchingIndex() >= 0) {
                node = node.get("items");
            } else {
                return Optional.empty();
            }
            node = resolve(node);
            p = p.tail();
        }
        return Optional.of(node);
    }

    /**
     * {@code node} with its local {@code $ref} (e.g. {@code #/$defs/pod}) followed, repeatedly; keywords
     * beside the {@code $ref} (a description) win over the target's. Any other node is returned as is.
     */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#") || hops > 16) {
                throw new IllegalStateException("spec schema: unsupported $ref " + ref);
            }
            JsonNode target = root.at(JsonPointer.compile(ref.substring(1)));
            if (target.isMissingNode()) {
                throw new IllegalStateException("spec schema: dangling $ref " + ref);
            }
            ObjectNode merged = target.deepCopy();
            current.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("$ref")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            if (!target.has("$ref")) {
                merged.remove("$ref");
            }
            current = merged;
        }
        return current;
    }

    /** {@code node} with every local {@code $ref} inside it replaced by its target: a self-contained copy. */
    public JsonNode inline(JsonNode node) {
        JsonNode r = resolve(node);
        if (r.isObject()) {
            ObjectNode out = ((ObjectNode) r).deepCopy();
            r.fields().forEachRemaining(e -> out.set(e.getKey(), inline(e.getValue())));
            return out;
        }
        if (r.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            r.forEach(item -> out.add(inline(item)));
            return out;
        }
        return r;
    }

    /** Checks {@code tree} (one file's content) and returns positioned diagnostics, sorted by position. */
    List<Diagnostic> check(JsonNode tree, String file, Positions positions) {
        return diagnostics(schema.validate(tree), file, positions);
    }

    /** What a schema engine found in one file, as positioned diagnostics sorted by position (stable: ties keep the engine's order). */
    List<Diagnostic> diagnostics(List<Problem> problems, String file, Positions positions) {
        List<Diagnostic> out = new ArrayList<>();
        Set<String> typeChoices = new HashSet<>();
        for (Problem p : problems) {
            if (p.keyword().equals("oneOf") && branchTypes(at(JsonPointer.compile(p.sortKey())).orElse(null)) != null) {
                typeChoices.add(p.sortKey());
            }
        }
        for (Problem p : problems) {
            // a value that is none of a oneOf's types fails each branch's type too: the oneOf's diagnostic says it
            // all (the field's own schema has no type, so a type failure there is a branch's)
            if (p.keyword().equals("type") && typeChoices.contains(p.sortKey())
                    && !at(JsonPointer.compile(p.sortKey())).map(n -> n.has("type")).orElse(false)) {
                continue;
            }
            out.add(toDiagnostic(p, file, positions));
        }
        out.sort(Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column)
                .thenComparing(Diagnostic::path).thenComparing(Diagnostic::message));
        return out;
    }

    private Diagnostic toDiagnostic(Problem m, String file, Positions positions) {
        JsonPointer at = JsonPointer.compile(m.sortKey());
        String type = m.keyword();
        JsonNode sub = at(at).orElse(root);
        switch (type) {
            case "additionalProperties": {
                String key = m.property();
                JsonPointer keyPtr = at.appendProperty(key);
                Position pos = positions.find(keyPtr);
                List<String> allowed = propertyNames(sub);
                String hint = Suggest.nearest(key, allowed).map(s -> "did you mean '" + s + "'?").orElse("");
                return new Diagnostic(file, pos.line(), pos.column(), dotted(keyPtr), "unknown field '" + key + "'",
                        String.join(", ", allowed), hint);
            }
            case "propertyNames": {
                String key = m.property() == null ? "" : m.property();
                JsonPointer keyPtr = at.appendProperty(key);
                Position pos = positions.find(keyPtr);
                JsonNode names = sub.path("propertyNames");
                if (names.has("description")) {
                    // A key of a free-form Kubernetes map (labels, annotations, nodeSelector) Kubernetes would refuse.
                    return new Diagnostic(file, pos.line(), pos.column(), dotted(keyPtr), "invalid key '" + key + "'",
                            names.path("description").asText(), describe(sub));
                }
                // A key the user chose (an environment name): point at it and say what a name may be.
                String slug = Slugs.shorten(Slugs.derive(key), names.path("maxLength").asInt(63));
                return new Diagnostic(file, pos.line(), pos.column(), dotted(keyPtr),
                        "'" + key + "' is not allowed as a name here", allowed(names).replaceFirst("^any value", "a name"),
                        slug.isEmpty() || slug.equals(key) ? describe(sub) : "did you mean '" + slug + "'?");
            }
            case "required": {
                Position pos = positions.find(at);
                String key = m.property();
                return new Diagnostic(file, pos.line(), pos.column(), dotted(at.appendProperty(key)),
                        "missing required field '" + key + "'", "", describe(sub.path("properties").path(key)));
            }
            case "oneOf": {
                List<String> types = branchTypes(sub);
                if (types != null) { // e.g. a port: a number or a name; the value is none of them
                    Position pos = positions.findValue(at);
                    return new Diagnostic(file, pos.line(), pos.column(), dotted(at), problem("type", m),
                            String.join(" or ", types), describe(sub));
                }
                break;
            }
            case "uniqueItems": {
                // name the repeat and point at it: "must have only unique items" leaves a long list to search
                int repeat = firstRepeat(m.instance());
                if (repeat >= 0) {
                    JsonPointer item = at.appendIndex(repeat);
                    Position pos = positions.findValue(item);
                    JsonNode value = m.instance().get(repeat);
                    return new Diagnostic(file, pos.line(), pos.column(), dotted(item),
                            "'" + abbreviate(value.isTextual() ? value.asText() : value.toString())
                                    + "' is listed more than once", "a list without repeats",
                            "remove this repeat " + describe(sub));
                }
                break;
            }
            default:
                break;
        }
        Position pos = positions.findValue(at);
        return new Diagnostic(file, pos.line(), pos.column(), dotted(at), problem(type, m), allowed(sub),
                suggestion(type, sub, at, m.instance()));
    }

    /** The types of a oneOf whose branches are each just a type ({@code [integer, string]}), or null. */
    private static List<String> branchTypes(JsonNode schema) {
        JsonNode branches = schema == null ? null : schema.get("oneOf");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            return null;
        }
        List<String> types = new ArrayList<>();
        for (JsonNode b : branches) {
            if (b.size() != 1 || !b.path("type").isTextual()) {
                return null;
            }
            types.add(b.get("type").asText());
        }
        return types;
    }

    /** The index of the first item of {@code list} equal to an earlier one, or -1. */
    private static int firstRepeat(JsonNode list) {
        if (list == null || !list.isArray()) {
            return -1;
        }
        for (int i = 1; i < list.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (list.get(i).equals(list.get(j))) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String problem(String type, Problem m) {
        JsonNode value = m.instance();
        String shown = value == null || value.isNull() ? "" : " " + abbreviate(value.toString());
        switch (type) {
            case "type":
                return value == null || value.isNull() ? "no value given (the key has nothing after the colon)"
                        : "wrong type: got " + nodeType(value) + shown;
            case "enum":
                return "value" + shown + " is not allowed";
            case "pattern":
                return "value" + shown + " has the wrong form";
            case "minimum":
            case "maximum":
                return "value" + shown + " is out of range";
            case "minLength":
                return "value must not be empty";
            case "maxLength":
                return "value" + shown + " is too long";
            default:
                // oneOf, uniqueItems: the engine's wording (networknt's, word for word), without a location
                return m.error();
        }
    }

    private static String suggestion(String type, JsonNode sub, JsonPointer at, JsonNode value) {
        if ("enum".equals(type) && value != null && value.isTextual()) {
            List<String> values = new ArrayList<>();
            sub.path("enum").forEach(v -> values.add(v.asText()));
            Optional<String> near = Suggest.nearest(value.asText(), values);
            if (near.isPresent()) {
                return "did you mean '" + near.get() + "'?";
            }
        }
        if ("type".equals(type) && "string".equals(sub.path("type").asText()) && value != null && value.isNumber()) {
            return "quote it: " + at.last().getMatchingProperty() + ": \"" + value.asText() + "\"";
        }
        if ("type".equals(type) && "string".equals(sub.path("type").asText()) && value != null && value.isBoolean()) {
            return "quote it: YAML reads yes/no/on/off/true/false unquoted as a boolean";
        }
        if ("type".equals(type) && (value == null || value.isNull())) {
            return "give it a value, or remove the line to use the default";
        }
        return describe(sub);
    }

    private static String allowed(JsonNode sub) {
        if (sub.has("enum")) {
            List<String> values = new ArrayList<>();
            sub.get("enum").forEach(v -> values.add(v.asText()));
            return String.join(", ", values);
        }
        JsonNode types = sub.path("type");
        StringBuilder sb = new StringBuilder(types.isArray()
                ? String.join(" or ", (Iterable<String>) () -> java.util.stream.StreamSupport.stream(types.spliterator(), false)
                .map(JsonNode::asText).iterator())
                : types.asText("any value"));
        if (sub.has("minimum") && sub.has("maximum")) {
            sb.append(" from ").append(sub.get("minimum").asText()).append(" to ").append(sub.get("maximum").asText());
        } else if (sub.has("minimum")) {
            sb.append(" >= ").append(sub.get("minimum").asText());
        } else if (sub.has("maximum")) {
            sb.append(" <= ").append(sub.get("maximum").asText());
        }
        if (sub.has("maxLength")) {
            sb.append(", at most ").append(sub.get("maxLength").asText()).append(" characters");
        }
        if (sub.has("pattern")) {
            sb.append(" matching ").append(sub.get("pattern").asText());
        }
        return sb.toString();
    }

    private static String describe(JsonNode sub) {
        String d = sub.path("description").asText("");
        return d.isEmpty() ? "" : "(" + d + ")";
    }

    static List<String> propertyNames(JsonNode sub) {
        List<String> names = new ArrayList<>();
        sub.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    static String dotted(JsonPointer p) {
        String s = p.toString();
        if (s.isEmpty()) {
            return "";
        }
        return java.util.Arrays.stream(s.substring(1).split("/"))
                .map(seg -> seg.replace("~1", "/").replace("~0", "~"))
                .map(seg -> seg.chars().allMatch(Character::isDigit) ? "[" + seg + "]" : "." + seg)
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static String nodeType(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
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
        return "string";
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
