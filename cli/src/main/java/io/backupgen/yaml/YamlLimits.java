package io.backupgen.yaml;

/**
 * Bounds on what one read may cost, so hostile or broken input fails fast with a clear error
 * instead of exhausting memory or time.
 *
 * @param maxInputBytes    total bytes of one source (a file, stdin); past it reading stops with an error
 * @param maxDocumentBytes bytes of one document (text between {@code ---} lines); a larger document is
 *                         an error result and reading goes on with the next one
 * @param maxScalarChars   characters of one scalar (string, number, ...)
 * @param maxDepth         nesting of mappings and sequences
 */
public record YamlLimits(long maxInputBytes, int maxDocumentBytes, int maxScalarChars, int maxDepth) {

    /**
     * The API server refuses any request body over 3 MiB, so no scalar longer than that can ever be
     * accepted; a document may be larger as YAML than as the JSON that is sent (indentation, comments).
     */
    public static final int API_SERVER_REQUEST_LIMIT = 3 * 1024 * 1024;

    public YamlLimits {
        if (maxInputBytes <= 0 || maxDocumentBytes <= 0 || maxScalarChars <= 0 || maxDepth <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /** For manifests: any number of documents per source, each bounded. */
    public static YamlLimits manifests() {
        return new YamlLimits(Long.MAX_VALUE, 16 * 1024 * 1024, API_SERVER_REQUEST_LIMIT, 1000);
    }

    public YamlLimits withMaxInputBytes(long bytes) {
        return new YamlLimits(bytes, maxDocumentBytes, maxScalarChars, maxDepth);
    }

    public YamlLimits withMaxDocumentBytes(int bytes) {
        return new YamlLimits(maxInputBytes, bytes, maxScalarChars, maxDepth);
    }

    public YamlLimits withMaxScalarChars(int chars) {
        return new YamlLimits(maxInputBytes, maxDocumentBytes, chars, maxDepth);
    }

    public YamlLimits withMaxDepth(int depth) {
        return new YamlLimits(maxInputBytes, maxDocumentBytes, maxScalarChars, depth);
    }
}
