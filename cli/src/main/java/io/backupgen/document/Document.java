package io.backupgen.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.yaml.Positions;

/**
 * One YAML/JSON document of a manifest stream, as read or rendered.
 *
 * @param source    where it came from: a file path relative to what the user named, or "-" for stdin
 * @param index     0-based position of the document within its source
 * @param line      1-based line where the document starts in its source (0 when unknown)
 * @param body      the parsed content (null for a document that could not be read)
 * @param positions line and column of each field, by JSON pointer ({@link Positions#EMPTY} when unknown)
 * @param notes     what the reader noticed and read as kubectl would (a duplicate key, a key a merge overrides)
 */
public record Document(String source, int index, int line, JsonNode body, Positions positions,
                       java.util.List<io.backupgen.yaml.YamlError> notes) {

    public Document {
        positions = positions == null ? Positions.EMPTY : positions;
        notes = notes == null ? java.util.List.of() : java.util.List.copyOf(notes);
    }

    public Document(String source, int index, int line, JsonNode body) {
        this(source, index, line, body, Positions.EMPTY, java.util.List.of());
    }

    public Document(String source, int index, int line, JsonNode body, Positions positions) {
        this(source, index, line, body, positions, java.util.List.of());
    }

    /** The same document numbered {@code i} within its source. */
    public Document withIndex(int i) {
        return i == index ? this : new Document(source, i, line, body, positions, notes);
    }

    public String kind() {
        return text("kind");
    }

    public String apiVersion() {
        return text("apiVersion");
    }

    public String name() {
        JsonNode meta = body == null ? null : body.get("metadata");
        JsonNode n = meta == null || !meta.isObject() ? null : meta.get("name");
        return n == null || !n.isValueNode() || n.isNull() ? "" : n.asText();
    }

    public String namespace() {
        JsonNode meta = body == null ? null : body.get("metadata");
        JsonNode n = meta == null || !meta.isObject() ? null : meta.get("namespace");
        return n == null || !n.isValueNode() || n.isNull() ? "" : n.asText();
    }

    /** "CronJob/acme-backup-daily", the way findings name a document. */
    public String displayName() {
        String k = kind();
        return (k.isEmpty() ? "<no kind>" : k) + "/" + (name().isEmpty() ? "<no name>" : name());
    }

    /** 1-based line of the field at a {@link FieldPath}, of its nearest parent that has one, or the document's. */
    public int lineOf(String fieldPath) {
        int l = positions.findLine(FieldPath.toPointer(fieldPath));
        return l > 0 ? l : line;
    }

    private String text(String field) {
        JsonNode n = body == null || !body.isObject() ? null : body.get(field);
        return n == null || !n.isValueNode() || n.isNull() ? "" : n.asText();
    }
}
