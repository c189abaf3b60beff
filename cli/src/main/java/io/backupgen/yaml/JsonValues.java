package io.backupgen.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;

/**
 * JSON sources ({@code *.json}): one or more values, each a document, read with Jackson's streaming
 * parser so every key and value keeps its position, under the same limits and rules as YAML
 * (duplicate keys refused, integral floats as integers).
 */
final class JsonValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Receives each value (error null) or the error that ended the source (body null). */
    interface Sink {
        void add(JsonNode body, int line, Positions positions, YamlError error, java.util.List<YamlError> warnings);
    }

    private JsonValues() {
    }

    static void read(String source, InputStream in, YamlLimits limits, DuplicateKeys duplicates, Sink sink) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(limits.maxScalarChars())
                        .maxNestingDepth(limits.maxDepth())
                        .maxDocumentLength(Math.min(limits.maxInputBytes(), limits.maxDocumentBytes()))
                        .build())
                .build();
        try (JsonParser p = factory.createParser(in)) {
            if (duplicates == DuplicateKeys.ERROR) {
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            }
            while (true) {
                JsonToken t;
                try {
                    t = p.nextToken();
                } catch (IOException e) {
                    sink.add(null, 0, null, error(e), java.util.List.of());
                    return;
                }
                if (t == null) {
                    return;
                }
                Positions positions = new Positions();
                int line = p.currentTokenLocation().getLineNr();
                java.util.List<YamlError> warnings = new java.util.ArrayList<>();
                try {
                    sink.add(value(p, "", positions, warnings), line, positions, null, warnings);
                } catch (IOException e) {
                    sink.add(null, line, null, error(e), java.util.List.of());
                    return; // the parser cannot resynchronise after a syntax error
                }
            }
        } catch (IOException e) {
            sink.add(null, 0, null, error(e), java.util.List.of());
        }
    }

    private static JsonNode value(JsonParser p, String pointer, Positions positions, java.util.List<YamlError> warnings)
            throws IOException {
        JsonLocation at = p.currentTokenLocation();
        positions.value(pointer, at.getLineNr(), at.getColumnNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonLocation k = p.currentTokenLocation();
                    String child = Positions.child(pointer, name);
                    positions.key(child, k.getLineNr(), k.getColumnNr());
                    if (o.has(name)) {
                        warnings.add(new YamlError(YamlError.Kind.DUPLICATE_KEY, k.getLineNr(), k.getColumnNr(),
                                "key \"" + name + "\" is there twice; the last one wins, as kubectl reads it"));
                    }
                    p.nextToken();
                    o.set(name, value(p, child, positions, warnings));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(value(p, Positions.child(pointer, i++), positions, warnings));
                }
                return a;
            }
            case VALUE_STRING -> {
                return TextNode.valueOf(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return Scalars.integerNode(p.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return Scalars.number(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return BooleanNode.TRUE;
            }
            case VALUE_FALSE -> {
                return BooleanNode.FALSE;
            }
            case VALUE_NULL -> {
                return NullNode.instance;
            }
            default -> throw new JsonParseException(p, "unexpected " + t);
        }
    }

    private static YamlError error(IOException e) {
        int line = 0;
        int column = 0;
        String message;
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            JsonLocation loc = j.getLocation();
            if (loc != null) {
                line = Math.max(0, loc.getLineNr());
                column = Math.max(0, loc.getColumnNr());
            }
            message = j.getOriginalMessage();
        } else {
            message = YamlStream.describe(e);
        }
        message = message == null ? e.getClass().getSimpleName() : message;
        // Jackson's words name its own classes and settings; say what the user can act on.
        YamlError.Kind kind = YamlError.Kind.SYNTAX;
        if (e instanceof StreamConstraintsException) {
            kind = YamlError.Kind.LIMIT;
            message = "over a size limit: " + message.replaceAll("\\s*\\(.*\\)\\s*$", "").replaceAll("`[^`]*`", "")
                    .replaceAll("\\s+", " ").strip();
        } else if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF-32")) {
            kind = YamlError.Kind.ENCODING;
            message = "not UTF-8: " + message.replaceAll("\\s+", " ").strip();
        } else if (message.startsWith("Duplicate field")) {
            kind = YamlError.Kind.DUPLICATE_KEY;
            message = message.replace("Duplicate field", "duplicate key");
        } else if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            message = "not valid JSON: " + message.replaceAll("\\s+", " ").strip();
        } else {
            kind = YamlError.Kind.IO;
            message = "cannot read: " + message;
        }
        message = message.replaceAll("\\s*\\(for [^)]*\\)", "");
        return new YamlError(kind, line, column, message);
    }
}
