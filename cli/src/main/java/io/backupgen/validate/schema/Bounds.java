package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keyword checks that bound a value: minLength, maxLength, pattern, minimum, maximum, minItems,
 * and in 2020-12 uniqueItems.
 * Violations of these are rare and keep networknt's own words, so their text comes from networknt's
 * message bundle, formatted as networknt formats it (the class is loaded only when one fails).
 */
final class Bounds {
    private Bounds() {
    }

    /** networknt's message for {@code key} at the walk's location, minus the location (its {@code getError()}). */
    static String error(Walk walk, String key, Object... arguments) {
        Object[] args = new Object[arguments.length + 1];
        args[0] = walk.pointer();
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        String message = com.networknt.schema.i18n.DefaultMessageSource.getInstance().getMessage(key, Locale.getDefault(), args);
        int i = message.indexOf(':');
        if (i == -1) {
            return message;
        }
        while (i + 1 < message.length() && message.charAt(i + 1) == ' ') {
            i++;
        }
        return message.substring(i + 1);
    }

    record MinLength(int min) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (Types.of(instance) == Types.STRING) {
                String s = instance.textValue();
                if (s.codePointCount(0, s.length()) < min) {
                    walk.fail("minLength", null, instance, null, walk.error("minLength", min));
                }
            }
        }
    }

    record MaxLength(int max) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (Types.of(instance) == Types.STRING) {
                String s = instance.textValue();
                if (s.codePointCount(0, s.length()) > max) {
                    walk.fail("maxLength", null, instance, null, walk.error("maxLength", max));
                }
            }
        }
    }

    record MinItems(int min) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (instance.isArray() && instance.size() < min) {
                walk.fail("minItems", null, instance, null, walk.error("minItems", min, instance.size()));
            }
        }
    }

    /** {@code pattern}: Java's regex, searched ({@code find}), as networknt's default engine does. */
    record Matches(String regex, Pattern pattern) implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            if (Types.of(instance) != Types.STRING) {
                return;
            }
            boolean found;
            try {
                found = pattern.matcher(instance.asText()).find();
            } catch (RuntimeException e) {
                return; // networknt logs a pattern that fails to run and passes the value
            }
            if (!found) {
                walk.fail("pattern", null, instance, null, walk.error("pattern", regex));
            }
        }
    }

    /**
     * {@code minimum} / {@code maximum} without exclusive bounds. As networknt: a whole-number bound of an
     * {@code integer} schema compares as a long (a big integer as such), anything else as decimals.
     */
    record Limit(boolean max, JsonNode bound, boolean asLong) implements SchemaNode.Check {
        static Limit of(boolean max, JsonNode bound, JsonNode parent) {
            JsonNode type = parent.get("type");
            boolean integer = type != null && type.asText().equals("integer");
            return new Limit(max, bound, (bound.isLong() || bound.isInt()) && integer);
        }

        @Override
        public void check(JsonNode instance, Walk walk) {
            if (!instance.isNumber()) {
                return;
            }
            if (crosses(instance)) {
                String threshold = asLong ? String.valueOf(bound.asLong()) : bound.asText();
                String key = max ? "maximum" : "minimum";
                walk.fail(key, null, instance, null, walk.error(key, threshold));
            }
        }

        private boolean crosses(JsonNode n) {
            if (asLong) {
                int c;
                if (n.isBigInteger()) {
                    c = n.bigIntegerValue().compareTo(new BigInteger(bound.asText()));
                } else {
                    c = Long.compare(n.asLong(), bound.asLong());
                }
                return max ? c > 0 : c < 0;
            }
            double inf = max ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            if (bound.isDouble() && bound.doubleValue() == inf) {
                return false;
            }
            if (bound.isDouble() && bound.doubleValue() == -inf) {
                return true;
            }
            if (n.isDouble() && n.doubleValue() == -inf) {
                return false;
            }
            if (n.isDouble() && n.doubleValue() == inf) {
                return true;
            }
            int c = new BigDecimal(n.asText()).compareTo(new BigDecimal(bound.asText()));
            return max ? c > 0 : c < 0;
        }
    }

    /**
     * {@code uniqueItems: true}: no two elements equal (as Jackson's nodes compare: 1 and 1.0 differ). As
     * networknt, the elements of anything are compared, so an object whose values repeat fails too.
     */
    record UniqueItems() implements SchemaNode.Check {
        @Override
        public void check(JsonNode instance, Walk walk) {
            java.util.Set<JsonNode> seen = new java.util.HashSet<>();
            for (JsonNode n : instance) {
                if (!seen.add(n)) {
                    walk.fail("uniqueItems", null, instance, null, walk.error("uniqueItems"));
                    return;
                }
            }
        }
    }
}
