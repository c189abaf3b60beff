package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which keywords this engine knows, whether a whole schema uses only those (in the shapes it knows),
 * and the check each compiles to. The list is what the carried Kubernetes and CRD schemas use; a
 * schema with anything else (a {@code $ref}, {@code allOf}, {@code patternProperties}, a tuple
 * {@code items}, a number enum...) is left to networknt whole, so no verdict depends on which engine ran.
 */
final class Keywords {
    /** Words that check nothing here: annotations, and networknt's draft 7 ignores {@code nullable} as configured. */
    private static final Set<String> INERT = Set.of("description", "title", "default", "example", "examples",
            "$comment", "nullable");
    /** Formats networknt does not assert (format assertions are off); an unknown one may still be reported. */
    private static final Set<String> FORMATS = Set.of("int32", "int64", "date-time", "byte", "double");

    private Keywords() {
    }

    /** Whether every keyword of {@code schema} and its subschemas is one this engine implements as networknt does. */
    static boolean supported(JsonNode schema) {
        if (!schema.isObject()) {
            return false;
        }
        for (var it = schema.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!supported(e.getKey(), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean supported(String keyword, JsonNode v) {
        if (INERT.contains(keyword) || keyword.startsWith("x-")) {
            return true;
        }
        switch (keyword) {
            case "type":
                if (v.isTextual()) {
                    return Types.named(v.textValue()) != 0;
                }
                if (!v.isArray() || v.isEmpty()) {
                    return false;
                }
                for (JsonNode t : v) {
                    if (!t.isTextual() || Types.named(t.textValue()) == 0) {
                        return false;
                    }
                }
                return true;
            case "properties":
                return v.isObject() && allSupported(v);
            case "additionalProperties":
                return v.isBoolean() || supported(v);
            case "items":
                return supported(v);
            case "required":
                return allTextual(v, false);
            case "enum":
                return allTextual(v, true);
            case "oneOf":
            case "anyOf":
                return v.isArray() && !v.isEmpty() && allSupported(v);
            case "minLength":
            case "maxLength":
            case "minItems":
                return v.isInt() && v.intValue() >= 0;
            case "minimum":
            case "maximum":
                return v.isNumber();
            case "pattern":
                if (!v.isTextual()) {
                    return false;
                }
                try {
                    Pattern.compile(v.textValue());
                    return true;
                } catch (PatternSyntaxException e) {
                    return false;
                }
            case "format":
                return v.isTextual() && FORMATS.contains(v.textValue());
            default:
                return false;
        }
    }

    /** The values of an object ({@code properties}) or the items of an array ({@code oneOf}). */
    private static boolean allSupported(JsonNode schemas) {
        for (JsonNode s : schemas) {
            if (!supported(s)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allTextual(JsonNode v, boolean nullToo) {
        if (!v.isArray()) {
            return false;
        }
        for (JsonNode x : v) {
            if (!x.isTextual() && !(nullToo && x.isNull())) {
                return false;
            }
        }
        return true;
    }

    /** The check of one keyword of {@code parent} (already {@link #supported}), or null when it checks nothing. */
    static SchemaNode.Check check(String keyword, JsonNode v, JsonNode parent) {
        switch (keyword) {
            case "type":
                int allowed = 0;
                if (v.isTextual()) {
                    allowed = Types.named(v.textValue());
                } else {
                    for (JsonNode t : v) {
                        allowed |= Types.named(t.textValue());
                    }
                }
                return new Checks.Type(v, allowed);
            case "properties":
                return new Checks.Properties(v);
            case "additionalProperties":
                return new Checks.AdditionalProperties(v, parent);
            case "items":
                return new Checks.Items(new SchemaNode(v));
            case "required":
                List<String> names = new ArrayList<>();
                v.forEach(n -> names.add(n.textValue()));
                return names.isEmpty() ? null : new Checks.Required(v, List.copyOf(names));
            case "enum":
                Set<String> strings = new HashSet<>();
                boolean withNull = false;
                for (JsonNode x : v) {
                    if (x.isNull()) {
                        withNull = true;
                    } else {
                        strings.add(x.textValue());
                    }
                }
                return new Checks.Enum(v, Set.copyOf(strings), withNull);
            case "oneOf":
                return new Checks.OneOf(v, alternatives(v));
            case "anyOf":
                return new Checks.AnyOf(alternatives(v));
            case "minLength":
                return new Bounds.MinLength(v.intValue());
            case "maxLength":
                return new Bounds.MaxLength(v.intValue());
            case "minItems":
                return new Bounds.MinItems(v.intValue());
            case "minimum":
                return Bounds.Limit.of(false, v, parent);
            case "maximum":
                return Bounds.Limit.of(true, v, parent);
            case "pattern":
                return new Bounds.Matches(v.textValue(), Pattern.compile(v.textValue()));
            default:
                return null;
        }
    }

    private static SchemaNode[] alternatives(JsonNode v) {
        SchemaNode[] out = new SchemaNode[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new SchemaNode(v.get(i));
        }
        return out;
    }
}
