package io.backupgen.validate;

import io.backupgen.document.Document;
import java.util.List;

/**
 * The verdict on one document with everything found. Failures are data: a document that could not
 * even be parsed is a Result of status {@link Status#ERROR} whose document has no body.
 *
 * @param schemaLocation where the document's schema came from ({@code builtin}, a directory or URL
 *                       template); null when none was used
 */
public record Result(Document document, Status status, List<Finding> findings, String schemaLocation) {

    public Result {
        findings = findings.stream().sorted(Finding.ORDER).toList();
    }

    public Result(Document document, Status status, List<Finding> findings) {
        this(document, status, findings, null);
    }

    /** The same result for the document numbered {@code index} in its source. */
    public Result withIndex(int index) {
        if (index == document.index()) {
            return this;
        }
        return new Result(document.withIndex(index), status, findings.stream().map(f -> f.withIndex(index)).toList(),
                schemaLocation);
    }

    public String source() {
        return document.source();
    }

    public List<Finding> errors() {
        return findings.stream().filter(Finding::isError).toList();
    }

    public List<Finding> warnings() {
        return findings.stream().filter(f -> !f.isError()).toList();
    }
}
