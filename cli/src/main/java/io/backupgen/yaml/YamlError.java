package io.backupgen.yaml;

/**
 * Why a document (or a whole source) could not be read. Data, not an exception: the reader
 * returns it in place of the document and goes on with the next one.
 *
 * @param line    1-based line in the source (0 when unknown)
 * @param column  1-based column (0 when unknown)
 * @param message what is wrong, in words (no parser internals), and what to do when we know
 */
public record YamlError(Kind kind, int line, int column, String message) {

    public enum Kind {
        /** Not valid YAML/JSON. */
        SYNTAX,
        /** A mapping has the same key twice. */
        DUPLICATE_KEY,
        /** Valid YAML that Kubernetes' YAML-to-JSON conversion refuses (NaN, a mapping as a key, ...). */
        UNSUPPORTED,
        /** Over a {@link YamlLimits} bound, or excessive alias expansion. */
        LIMIT,
        /** Not UTF-8 text. */
        ENCODING,
        /** Binary content (NUL bytes): not a text file at all. */
        BINARY,
        /** The source could not be read (permissions, I/O). */
        IO
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "") + message;
    }
}
