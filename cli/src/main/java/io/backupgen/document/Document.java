package io.backupgen.document;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One YAML/JSON document of a manifest stream, as read or rendered.
 *
 * @param source where it came from: a file path relative to what the user named, or "-" for stdin
 * @param index  0-based position of the document within its source
 * @param line   1-based line where the document starts in its source (0 when unknown)
 * @param body   the parsed content
 */
public record Document(String source, int index, int line, JsonNode body) {

    public String kind() {
        return text("kind");
    }

    public String apiVersion() {
        return text("apiVersion");
    }

    public String name() {
        JsonNode meta = body == null ? null : body.get("metadata");
        JsonNode n = meta == null ? null : meta.get("name");
        return n == null || n.isNull() ? "" : n.asText();
    }

    /** "CronJob/acme-backup-daily", the way findings name a document. */
    public String displayName() {
        String k = kind();
        return (k.isEmpty() ? "<no kind>" : k) + "/" + (name().isEmpty() ? "<no name>" : name());
    }

    private String text(String field) {
        JsonNode n = body == null ? null : body.get(field);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
