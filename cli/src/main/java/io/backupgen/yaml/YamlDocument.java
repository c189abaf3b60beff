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
 */
public record YamlDocument(String source, int index, int line, JsonNode body, Positions positions, YamlError error) {

    public boolean ok() {
        return error == null;
    }
}
