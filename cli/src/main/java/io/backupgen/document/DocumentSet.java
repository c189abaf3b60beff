package io.backupgen.document;

import java.util.List;

/**
 * What {@link DocumentReader} read: the documents, the ones it could not read, and the sources it
 * looked at (so a summary can say "in M files" even when a file held nothing).
 */
public record DocumentSet(List<Document> documents, List<ParseError> errors, List<String> sources) {

    public DocumentSet {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
        sources = List.copyOf(sources);
    }

    /**
     * The line of a field path such as {@code spec.containers[0].env[3].name}, or of its nearest
     * parent that has one, or the document's first line.
     */
    public int lineOf(Document doc, String path) {
        return doc.lineOf(path);
    }

    /**
     * A document (or a whole file) that could not be read: not valid YAML/JSON, not UTF-8, binary,
     * over a size limit, unreadable. Reported as a result, never thrown.
     *
     * @param column  1-based, 0 when unknown
     * @param partial the apiVersion, kind and metadata name the reader could make out, or null
     */
    public record ParseError(String source, int index, int line, int column, String message,
                             com.fasterxml.jackson.databind.JsonNode partial) {
        public ParseError(String source, int index, int line, String message) {
            this(source, index, line, 0, message, null);
        }

        /** The same error numbered {@code i} within its source. */
        public ParseError withIndex(int i) {
            return i == index ? this : new ParseError(source, i, line, column, message, partial);
        }
    }
}
