package io.backupgen.document;

import java.util.List;

/**
 * What {@link DocumentReader} read: the documents, the ones it could not parse, and the sources it
 * looked at (so a summary can say "in M files" even when a file held nothing).
 */
public record DocumentSet(List<Document> documents, List<ParseError> errors, List<String> sources) {

    public DocumentSet {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
        sources = List.copyOf(sources);
    }

    /** A document (or a whole file) that is not valid YAML/JSON. Reported, never thrown. */
    public record ParseError(String source, int index, int line, String message) {
    }
}
