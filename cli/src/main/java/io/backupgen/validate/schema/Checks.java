package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keyword checks that shape a document: type, properties, additionalProperties, required,
 * items, enum, oneOf, anyOf, and in 2020-12 $ref and propertyNames. Each reports what networknt 1.5's validator of the same keyword
 * reports, at the same location, in the same order (see {@code SchemaAgreementTest}).
 */
final class Checks {
    private Checks() {
    }

    /** {@code type}: one name or a list of names (a union). */
    record Type(JsonNode schema, int allowed) implements SchemaNode.Check {
        boolean matches(JsonNode instance) {
            return Types.matches(instance, allowed);
        }

        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!Types.matches(instance, allowed)) {
                walk.fail("type", null, instance, schema, null);
            }
        }
    }

    /** {@code properties}: each field the schema names, checked against its schema. */
    static final class Properties implements SchemaNode.Check {
        private final Map<String, SchemaNode> children = new HashMap<>();
        private final Compilation compilation;

        Properties(JsonNode properties, Compilation compilation) {
            this.compilation = compilation;
            properties.fields().forEachRemaining(e -> children.put(e.getKey(), new SchemaNode(e.getValue(), compilation)));
        }

        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isObject()) {
                return;
            }
            // the instance's fields rather than the schema's (networknt's order): a pod spec names
            // dozens of fields and an object has a few; failures end up sorted by location anyway
            for (var it = instance.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                SchemaNode child = children.get(e.getKey());
                if (child != null && compilation.present(e.getValue())) {
                    walk.push(e.getKey());
                    child.validate(e.getValue(), walk);
                    walk.pop();
                }
            }
        }
    }

    /** {@code additionalProperties}: false (strict schemas) or the schema of every field not named. */
    static final class AdditionalProperties implements SchemaNode.Check {
        private final JsonNode schema;
        private final Set<String> named = new HashSet<>();
        private final boolean allowed;
        private final SchemaNode other;
        private final Compilation compilation;

        AdditionalProperties(JsonNode value, JsonNode parent, Compilation compilation) {
            this.compilation = compilation;
            this.schema = value;
            JsonNode properties = parent.get("properties");
            if (properties != null) {
                properties.fieldNames().forEachRemaining(named::add);
            }
            this.allowed = !value.isBoolean() || value.booleanValue();
            this.other = value.isObject() ? new SchemaNode(value, compilation) : null;
        }

        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isObject() || (allowed && other == null)) {
                return;
            }
            for (var it = instance.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.startsWith("#") || named.contains(name) || !compilation.present(e.getValue())) {
                    continue; // networknt skips "#" names as its own context items
                }
                if (!allowed) {
                    walk.fail("additionalProperties", name, instance, schema, null);
                } else {
                    walk.push(name);
                    other.validate(e.getValue(), walk);
                    walk.pop();
                }
            }
        }
    }

    /** {@code required}: each name, in the schema's order. */
    record Required(JsonNode schema, List<String> names, Compilation compilation) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isObject()) {
                return;
            }
            for (String name : names) {
                if (!compilation.present(instance.get(name))) {
                    walk.fail("required", name, instance, schema, null);
                }
            }
        }
    }

    /** {@code items} as one schema for every element. */
    record Items(SchemaNode items) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isArray()) {
                return;
            }
            for (int i = 0; i < instance.size(); i++) {
                walk.push(i);
                items.validate(instance.get(i), walk);
                walk.pop();
            }
        }
    }

    /** {@code enum} of strings (and null): what the Kubernetes schemas carry. */
    record Enum(JsonNode schema, Set<String> strings, boolean withNull) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (instance.isTextual() ? strings.contains(instance.textValue()) : withNull && instance.isNull()) {
                return;
            }
            // the value is quoted in the message: as the schema judged it, without null fields in Kubernetes' dialect
            JsonNode judged = walk.dialect() == Dialect.KUBERNETES ? Nulls.withoutNullFields(instance) : instance;
            walk.fail("enum", null, normalised(judged), schema, null);
        }

        /** networknt reports a number (and the numbers in an array) as it compared them: as a plain decimal. */
        private static JsonNode normalised(JsonNode n) {
            if (n.isNumber()) {
                return plain(n);
            }
            if (n.isArray()) {
                boolean numbers = false;
                for (JsonNode x : n) {
                    numbers |= x.isNumber();
                }
                if (numbers) {
                    var copy = (com.fasterxml.jackson.databind.node.ArrayNode) n.deepCopy();
                    for (int i = 0; i < copy.size(); i++) {
                        if (copy.get(i).isNumber()) {
                            copy.set(i, plain(copy.get(i)));
                        }
                    }
                    return copy;
                }
            }
            return n;
        }

        private static JsonNode plain(JsonNode n) {
            return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(new BigDecimal(n.decimalValue().toPlainString()));
        }
    }

    /**
     * {@code oneOf}: exactly one alternative. On failure networknt reports the oneOf itself and then what
     * each failing alternative reported (it stops at the second valid one).
     */
    record OneOf(JsonNode schema, SchemaNode[] alternatives) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (exactlyOneType(instance)) {
                return;
            }
            int start = walk.mark();
            int valid = 0;
            StringBuilder indexes = new StringBuilder();
            for (int i = 0; i < alternatives.length; i++) {
                int before = walk.mark();
                alternatives[i].validate(instance, walk);
                if (walk.mark() == before) {
                    valid++;
                    indexes.append(indexes.length() == 0 ? "" : ", ").append(i);
                    if (valid > 1) {
                        break;
                    }
                }
            }
            if (valid == 1) {
                walk.reset(start);
            } else {
                // Kubernetes' layer words oneOf itself; the spec shows networknt's words
                String error = walk.dialect() == Dialect.KUBERNETES ? null
                        : valid > 1 ? walk.error("oneOf.indexes", String.valueOf(valid), indexes.toString())
                        : walk.error("oneOf", String.valueOf(valid));
                walk.fail(start, "oneOf", null, instance, schema, error);
            }
        }

        /** The int-or-string fast path: alternatives that are only a type, exactly one of which matches. */
        private boolean exactlyOneType(JsonNode instance) {
            int valid = 0;
            for (SchemaNode a : alternatives) {
                Type t = a.onlyType();
                if (t == null) {
                    return false;
                }
                if (t.matches(instance)) {
                    valid++;
                }
            }
            return valid == 1;
        }
    }

    /**
     * {@code anyOf}: one alternative is enough. networknt reports no anyOf failure of its own, only what
     * the alternatives reported; an alternative whose single type does not match reports just that type.
     */
    record AnyOf(SchemaNode[] alternatives) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            for (SchemaNode a : alternatives) {
                Type t = a.onlyType();
                if (t != null && t.matches(instance)) {
                    return; // one valid alternative is all anyOf needs: nothing to report, whatever the others say
                }
            }
            int start = walk.mark();
            for (SchemaNode a : alternatives) {
                Type t = a.typeCheck();
                if (t != null && !t.schema().isArray() && !t.matches(instance)) {
                    t.check(instance, walk);
                    continue;
                }
                int before = walk.mark();
                a.validate(instance, walk);
                if (walk.mark() == before) {
                    walk.reset(start);
                    return;
                }
            }
        }
    }

    /**
     * {@code $ref} (2020-12): the instance is checked against the target too, here, beside this node's
     * other keywords, and its failures are reported as the target's keywords report them.
     */
    record Ref(SchemaNode target) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            target.validate(instance, walk);
        }
    }

    /**
     * {@code propertyNames}: each field name of an object, as a string, against the schema. Each failure
     * becomes one propertyNames failure at the object, naming the field (two if a name fails two keywords).
     */
    record PropertyNames(SchemaNode names) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isObject()) {
                return;
            }
            for (var it = instance.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                int start = walk.mark();
                walk.push(name);
                names.validate(com.fasterxml.jackson.databind.node.TextNode.valueOf(name), walk);
                walk.pop();
                List<Problem> failed = walk.since(start);
                walk.reset(start);
                for (Problem p : failed) {
                    walk.fail("propertyNames", name, instance, names.schema, walk.error("propertyNames", name, p.error()));
                }
            }
        }
    }
}
