package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Plain scalars resolved the way Kubernetes reads YAML: sigs.k8s.io/yaml converts YAML to JSON with
 * go-yaml v2's YAML 1.1 rules, then the JSON is what the API server sees. So {@code yes}/{@code on}/{@code y}
 * are booleans, {@code 0755} is octal 493, {@code 1_000} is 1000, {@code 0x1F} is 31, {@code 1e3} is the
 * number 1000, timestamps stay strings, and {@code .inf}/{@code .nan} cannot be sent at all.
 */
final class Scalars {
    static final Map<String, JsonNode> WORDS = Map.ofEntries(
            Map.entry("y", BooleanNode.TRUE), Map.entry("Y", BooleanNode.TRUE), Map.entry("yes", BooleanNode.TRUE),
            Map.entry("Yes", BooleanNode.TRUE), Map.entry("YES", BooleanNode.TRUE), Map.entry("true", BooleanNode.TRUE),
            Map.entry("True", BooleanNode.TRUE), Map.entry("TRUE", BooleanNode.TRUE), Map.entry("on", BooleanNode.TRUE),
            Map.entry("On", BooleanNode.TRUE), Map.entry("ON", BooleanNode.TRUE),
            Map.entry("n", BooleanNode.FALSE), Map.entry("N", BooleanNode.FALSE), Map.entry("no", BooleanNode.FALSE),
            Map.entry("No", BooleanNode.FALSE), Map.entry("NO", BooleanNode.FALSE), Map.entry("false", BooleanNode.FALSE),
            Map.entry("False", BooleanNode.FALSE), Map.entry("FALSE", BooleanNode.FALSE), Map.entry("off", BooleanNode.FALSE),
            Map.entry("Off", BooleanNode.FALSE), Map.entry("OFF", BooleanNode.FALSE),
            Map.entry("", NullNode.instance), Map.entry("~", NullNode.instance), Map.entry("null", NullNode.instance),
            Map.entry("Null", NullNode.instance), Map.entry("NULL", NullNode.instance));
    static final java.util.Set<String> NOT_JSON = java.util.Set.of(".nan", ".NaN", ".NAN", ".inf", ".Inf",
            ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");
    /** The longest of {@link #WORDS} and {@link #NOT_JSON} ("false", "+.inf"; ScalarsTest holds it). */
    static final int MAX_WORD = 5;

    /** go-yaml v2's yamlStyleFloat. */
    private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    /** go-yaml v2's timestamp layouts (date, or date and time): such scalars stay strings. */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{1,2}-\\d{1,2}([Tt ]\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?(Z|[-+]\\d{1,2}(:\\d{2})?)?)?");
    private static final BigInteger INT64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** Go's JSON encoder writes floats at or above this in exponent form; below, as integers when integral. */
    private static final double GO_EXPONENT_FROM = 1e21;

    private Scalars() {
    }

    /** Thrown for values that YAML allows and JSON (so the API server) cannot carry. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String message) {
            super(message, null, false, false);
        }
    }

    /** An untagged plain scalar. */
    static JsonNode plain(String s) throws NotJson {
        // every word and every value JSON cannot carry is at most 5 characters: a longer scalar (most
        // values) needs neither hash lookup, which showed in profiles of validate
        if (s.length() <= MAX_WORD) {
            JsonNode word = WORDS.get(s);
            if (word != null) {
                return word;
            }
            if (NOT_JSON.contains(s)) {
                throw new NotJson("the value " + s + " (infinity or not-a-number) cannot be converted to JSON;"
                        + " quote it if it is meant as a string");
            }
        }
        char c = s.charAt(0);
        if (c == '.') {
            Double d = parseGoFloat(s);
            return d != null ? number(d) : TextNode.valueOf(s);
        }
        if (!(c >= '0' && c <= '9') && c != '+' && c != '-') {
            return TextNode.valueOf(s);
        }
        if (TIMESTAMP.matcher(s).matches()) {
            return TextNode.valueOf(s); // go-yaml v2 keeps timestamps as strings when the target is untyped
        }
        String plain = s.replace("_", "");
        BigInteger i = parseGoInt(plain);
        if (i != null) {
            return integer(i);
        }
        if (YAML_FLOAT.matcher(plain).matches()) {
            Double d = parseGoFloat(plain);
            if (d != null) {
                if (d.isInfinite()) {
                    throw new NotJson("the number " + s + " is too large for JSON; quote it if it is meant as a string");
                }
                return number(d);
            }
        }
        if (plain.startsWith("0b") || plain.startsWith("-0b")) {
            boolean neg = plain.startsWith("-");
            try {
                BigInteger b = new BigInteger(plain.substring(neg ? 3 : 2), 2);
                return integer(neg ? b.negate() : b);
            } catch (NumberFormatException e) {
                // not binary after all
            }
        }
        return TextNode.valueOf(s);
    }

    /**
     * Go's {@code strconv.ParseInt(s, 0, 64)}, then {@code ParseUint}: optional sign, {@code 0x}/{@code 0o}/{@code 0b}
     * prefixes, a leading {@code 0} meaning octal; null when it is not an integer in range.
     */
    static BigInteger parseGoInt(String s) {
        if (s.isEmpty()) {
            return null;
        }
        boolean neg = false;
        String t = s;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            neg = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            if (p == 'x') {
                radix = 16;
                t = t.substring(2);
            } else if (p == 'o') {
                radix = 8;
                t = t.substring(2);
            } else if (p == 'b') {
                radix = 2;
                t = t.substring(2);
            } else {
                radix = 8;
                t = t.substring(1);
            }
        }
        if (t.isEmpty()) {
            return null;
        }
        for (int k = 0; k < t.length(); k++) {
            if (Character.digit(t.charAt(k), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(t, radix);
        if (neg) {
            v = v.negate();
            return v.compareTo(INT64_MIN) >= 0 ? v : null;
        }
        return v.compareTo(UINT64_MAX) <= 0 ? v : null;
    }

    private static Double parseGoFloat(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static JsonNode integerNode(BigInteger v) {
        return integer(v);
    }

    private static JsonNode integer(BigInteger v) {
        if (v.bitLength() < 32) {
            return IntNode.valueOf(v.intValue());
        }
        if (v.bitLength() < 64) {
            return LongNode.valueOf(v.longValue());
        }
        return BigIntegerNode.valueOf(v);
    }

    /**
     * A YAML float as the API server receives it: Go's JSON encoder writes an integral float below
     * 1e21 without a fraction ({@code 1.0} and {@code 1e3} arrive as {@code 1} and {@code 1000}).
     */
    static JsonNode number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < GO_EXPONENT_FROM) {
            return integer(new BigDecimal(d).toBigIntegerExact());
        }
        return DoubleNode.valueOf(d);
    }

    /** A mapping key as sigs.k8s.io/yaml turns it into a JSON object key. */
    static String key(JsonNode resolved) throws NotJson {
        if (resolved.isTextual()) {
            return resolved.textValue();
        }
        if (resolved.isBoolean()) {
            return resolved.booleanValue() ? "true" : "false";
        }
        if (resolved.isIntegralNumber()) {
            return resolved.bigIntegerValue().toString();
        }
        if (resolved.isNumber()) {
            return BigDecimal.valueOf((float) resolved.doubleValue()).stripTrailingZeros().toPlainString();
        }
        throw new NotJson("a mapping key must be a string, number or boolean, not null");
    }
}
