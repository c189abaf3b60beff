package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * One failed schema keyword, as the JSON-schema engines report it before it becomes a user-facing
 * violation: where (the instance location, as field names and array indexes), which keyword, the
 * property a {@code required} / {@code additionalProperties} failure names, the instance and schema
 * nodes the message is built from, and the engine's own text for keywords without a message of ours.
 *
 * @param pointer  the instance location as a JSON pointer ({@code /spec/ports/0}) when the engine made one,
 *                 else null ({@link #sortKey()} makes it); failures are sorted by it
 * @param location the same location as elements: {@link String} field names and {@link Integer} indexes
 * @param keyword  {@code type}, {@code required}, {@code additionalProperties}, {@code enum}, {@code oneOf}, ...
 * @param property the field a {@code required} or {@code additionalProperties} failure names, else null
 * @param instance the value that failed (for {@code enum}, as the engine normalised it)
 * @param schema   the value of the failed keyword in the schema ({@code ["string","null"]}, the enum list...)
 * @param error    the engine's message after the location ("must be at least 1 characters long")
 */
public record Problem(String pointer, List<Object> location, String keyword, String property, JsonNode instance,
                      JsonNode schema, String error) {

    /** The location as a JSON pointer, the key failures are sorted by. */
    public String sortKey() {
        return pointer != null ? pointer : pointer(location.toArray(), location.size());
    }

    /**
     * The JSON pointer of a location as networknt writes it (failures are sorted by it, so it must be the
     * same string): RFC 6901's {@code ~0} and {@code ~1}, then control characters as {@code \\n}, {@code \\t}...
     */
    public static String pointer(Object[] elements, int size) {
        if (size == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) {
            b.append('/');
            Object e = elements[i];
            if (e instanceof String s) {
                b.append(s.replace("~", "~0").replace("/", "~1").replace("\n", "\\n").replace("\t", "\\t")
                        .replace("\r", "\\r").replace("\b", "\\b").replace("\f", "\\f"));
            } else {
                b.append(e);
            }
        }
        return b.toString();
    }

    static List<Object> elements(Object[] elements, int size) {
        return Arrays.asList(Arrays.copyOf(elements, size));
    }
}
