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
 * and the check each compiles to. The list is what the carried Kubernetes and CRD schemas use, plus,
 * in {@link Dialect#DRAFT_2020_12} only, what the spec schema adds (local {@code $ref}, {@code $defs},
 * {@code propertyNames}, {@code uniqueItems}); a schema with anything else ({@code allOf},
 * {@code patternProperties}, a tuple {@code items}, a number enum, a {@code $ref} in Kubernetes' dialect...)
 * is left to networknt whole, so no verdict depends on which engine ran.
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
    static boolean supported(JsonNode schema, Dialect dialect) {
        return new Support(dialect, schema).schema(schema);
    }

    /** One pass over a schema; each {@code $ref} target is looked at once (a reference may be circular). */
    private static final class Support {
        private final Dialect dialect;
        private final JsonNode root;
        private final Compilation refs;
        private final Set<String> seen = new HashSet<>();

        Support(Dialect dialect, JsonNode root) {
            this.dialect = dialect;
            this.root = root;
            this.refs = new Compilation(dialect, root);
        }

        boolean schema(JsonNode schema) {
            if (!schema.isObject()) {
                return false;
            }
            for (var it = schema.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!keyword(e.getKey(), e.getValue(), schema)) {
                    return false;
                }
            }
            return true;
        }

        private boolean keyword(String keyword, JsonNode v, JsonNode parent) {
            if (dialect == Dialect.DRAFT_2020_12) {
                Boolean known = draft2020(keyword, v, parent);
                if (known != null) {
                    return known;
                }
            }
            return supported(keyword, v, this);
        }

        /** The keywords only 2020-12 knows here, or null for one both dialects judge alike. */
        private Boolean draft2020(String keyword, JsonNode v, JsonNode parent) {
            switch (keyword) {
                case "$schema":
                case "$id":
                    // an $id below the root would move the base its $refs resolve against
                    return parent == root && v.isTextual();
                case "$defs":
                    return v.isObject() && allSupported(v, this);
                case "$ref":
                    if (!v.isTextual() || !refs.target(v.textValue()).isObject()) {
                        return false;
                    }
                    return !seen.add(v.textValue()) || schema(refs.target(v.textValue()));
                case "propertyNames":
                    return schema(v);
                case "uniqueItems":
                    return v.isBoolean();
                default:
                    return null;
            }
        }
    }

    private static boolean supported(String keyword, JsonNode v, Support support) {
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
                return v.isObject() && allSupported(v, support);
            case "additionalProperties":
                return v.isBoolean() || support.schema(v);
            case "items":
                return support.schema(v);
            case "required":
                return allTextual(v, false);
            case "enum":
                return allTextual(v, true);
            case "oneOf":
            case "anyOf":
                return v.isArray() && !v.isEmpty() && allSupported(v, support);
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
    private static boolean allSupported(JsonNode schemas, Support support) {
        for (JsonNode s : schemas) {
            if (!support.schema(s)) {
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
    static SchemaNode.Check check(String keyword, JsonNode v, JsonNode parent, Compilation compilation) {
        switch (keyword) {
            case "$ref":
                return new Checks.Ref(compilation.node(v.textValue()));
            case "propertyNames":
                return new Checks.PropertyNames(new SchemaNode(v, compilation));
            case "uniqueItems":
                return v.booleanValue() ? new Bounds.UniqueItems() : null;
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
                return new Checks.Properties(v, compilation);
            case "additionalProperties":
                return new Checks.AdditionalProperties(v, parent, compilation);
            case "items":
                return new Checks.Items(new SchemaNode(v, compilation));
            case "required":
                List<String> names = new ArrayList<>();
                v.forEach(n -> names.add(n.textValue()));
                return names.isEmpty() ? null : new Checks.Required(v, List.copyOf(names), compilation);
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
                return new Checks.OneOf(v, alternatives(v, compilation));
            case "anyOf":
                return new Checks.AnyOf(alternatives(v, compilation));
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

    private static SchemaNode[] alternatives(JsonNode v, Compilation compilation) {
        SchemaNode[] out = new SchemaNode[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new SchemaNode(v.get(i), compilation);
        }
        return out;
    }
}
