package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Line and column of every key and value of a YAML text, by JSON pointer. Jackson's tree model
 * drops positions; a second streaming pass over the (small) spec is the cheapest way to keep them.
 */
final class SourceMap {
    /** Position of a field's key, or of an array element / scalar. */
    record Position(int line, int column) {
        static final Position UNKNOWN = new Position(0, 0);
    }

    private final Map<String, Position> keys = new HashMap<>();
    private final Map<String, Position> values = new HashMap<>();

    static SourceMap of(String yaml) {
        SourceMap map = new SourceMap();
        try (JsonParser p = new YAMLFactory().createParser(yaml)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    map.keys.put(pointer(p.getParsingContext()), pos(p.currentTokenLocation()));
                } else if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
                    JsonStreamContext ctx = p.getParsingContext();
                    // START_* tokens open a new context; their own pointer is the parent's.
                    JsonStreamContext owner = (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)
                            ? ctx.getParent() : ctx;
                    String ptr = owner == null ? "" : pointer(owner);
                    map.values.putIfAbsent(ptr, pos(p.currentTokenLocation()));
                }
            }
        } catch (IOException e) {
            // Syntax errors are reported by the tree parse; positions are best effort.
        }
        return map;
    }

    private static String pointer(JsonStreamContext ctx) {
        return ctx.pathAsPointer().toString();
    }

    private static Position pos(JsonLocation loc) {
        return new Position(loc.getLineNr(), loc.getColumnNr());
    }

    /** Where the user should look for the thing at {@code pointer}: its key if it has one. */
    Position find(JsonPointer pointer) {
        JsonPointer p = pointer;
        while (p != null) {
            String s = p.toString();
            Position found = keys.get(s);
            if (found == null) {
                found = values.get(s);
            }
            if (found != null) {
                return found;
            }
            p = p.head();
        }
        return Position.UNKNOWN;
    }

    /** Position of the value (not the key) at {@code pointer}, falling back to {@link #find}. */
    Position findValue(JsonPointer pointer) {
        Position v = values.get(pointer.toString());
        return v != null ? v : find(pointer);
    }
}
