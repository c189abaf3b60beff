package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One document of a YAML (or JSON) stream: either its content with the position of every field,
 * or the error that kept it from being read.
 *
 * @param source    the name the caller gave the stream (a path, "-")
 * @param index     0-based among the stream's non-empty documents (a broken document takes an index)
 * @param line      1-based line where the document's content starts (or where its error is)
 * @param body      the content as Kubernetes' YAML-to-JSON conversion sees it; null when {@code error} is set
 * @param positions line and column of every key and value, by JSON pointer
 * @param error     why the document could not be read; null when it was
 * @param partial   for a document that could not be read: its top-level {@code apiVersion}, {@code kind} and
 *                  {@code metadata.name}/{@code namespace} as far as they could be made out of the text (so an
 *                  error can name the object); null when nothing could
 * @param warnings  what was read but deserves a word: a duplicate key read last-wins, a key a merge overrides
 */
public record YamlDocument(String source, int index, int line, JsonNode body, Positions positions, YamlError error,
                           JsonNode partial, java.util.List<YamlError> warnings) {

    public YamlDocument {
        warnings = warnings == null ? java.util.List.of() : java.util.List.copyOf(warnings);
    }

    public boolean ok() {
        return error == null;
    }
}
