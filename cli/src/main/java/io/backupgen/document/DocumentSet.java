package io.backupgen.document;

import java.util.List;
import java.util.Map;

/**
 * What {@link DocumentReader} read: the documents, the ones it could not parse, the sources it
 * looked at (so a summary can say "in M files" even when a file held nothing), and where each
 * field of each document is.
 *
 * @param lines per document ({@link #key(Document)}), field path -> 1-based line in its source
 */
public record DocumentSet(List<Document> documents, List<ParseError> errors, List<String> sources,
                          Map<String, Map<String, Integer>> lines) {

    public DocumentSet {
        documents = List.copyOf(documents);
        errors = List.copyOf(errors);
        sources = List.copyOf(sources);
        lines = Map.copyOf(lines);
    }

    public DocumentSet(List<Document> documents, List<ParseError> errors, List<String> sources) {
        this(documents, errors, sources, Map.of());
    }

    /**
     * The line of a field path such as {@code spec.containers[0].env[3].name}, or of its nearest
     * parent that has one, or the document's first line.
     */
    public int lineOf(Document doc, String path) {
        Map<String, Integer> byPath = lines.getOrDefault(key(doc), Map.of());
        String p = path;
        while (!p.isEmpty()) {
            Integer line = byPath.get(p);
            if (line != null) {
                return line;
            }
            p = FieldPath.parent(p);
        }
        return doc.line();
    }

    static String key(Document doc) {
        return doc.source() + "#" + doc.index();
    }

    /** A document (or a whole file) that is not valid YAML/JSON. Reported, never thrown. */
    public record ParseError(String source, int index, int line, String message) {
    }
}
