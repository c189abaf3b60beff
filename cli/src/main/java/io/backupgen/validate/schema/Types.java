package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * JSON types as networknt 1.5 sees them (its {@code TypeFactory} and {@code JsonNodeUtil.equalsToSchemaType}
 * with the configuration {@code SchemaLayer} uses: draft 7, no loose typing, the {@code nullable} keyword off):
 * an integral number is an {@code integer}, a whole {@code 1.0} passes {@code integer} too, an integer
 * passes {@code number}.
 */
final class Types {
    static final int OBJECT = 1;
    static final int ARRAY = 1 << 1;
    static final int STRING = 1 << 2;
    static final int NUMBER = 1 << 3;
    static final int INTEGER = 1 << 4;
    static final int BOOLEAN = 1 << 5;
    static final int NULL = 1 << 6;
    static final int UNKNOWN = 1 << 7;

    private Types() {
    }

    /** The bit of a schema's type name, or 0 for a name this engine does not know. */
    static int named(String name) {
        return switch (name) {
            case "object" -> OBJECT;
            case "array" -> ARRAY;
            case "string" -> STRING;
            case "number" -> NUMBER;
            case "integer" -> INTEGER;
            case "boolean" -> BOOLEAN;
            case "null" -> NULL;
            default -> 0;
        };
    }

    static int of(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT:
                return OBJECT;
            case ARRAY:
                return ARRAY;
            case STRING:
                return STRING;
            case NUMBER:
                return n.isIntegralNumber() ? INTEGER : NUMBER;
            case BOOLEAN:
                return BOOLEAN;
            case NULL:
                return NULL;
            default:
                // binary, POJO, missing: never in parsed YAML; ask networknt itself rather than guess
                return exotic(n);
        }
    }

    private static int exotic(JsonNode n) {
        int t = named(com.networknt.schema.TypeFactory.getValueNodeType(n, null).toString().toLowerCase(Locale.ROOT));
        return t == 0 ? UNKNOWN : t;
    }

    /** Whether {@code n} passes {@code "type": <one of allowed>}. */
    static boolean matches(JsonNode n, int allowed) {
        int t = of(n);
        if ((t & allowed) != 0) {
            return true;
        }
        if (t == INTEGER && (allowed & NUMBER) != 0) {
            return true;
        }
        return t == NUMBER && (allowed & INTEGER) != 0 && n.canConvertToExactIntegral();
    }
}
