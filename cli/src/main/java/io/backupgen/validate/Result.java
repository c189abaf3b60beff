package io.backupgen.validate;

import io.backupgen.document.Document;
import java.util.List;

/**
 * The verdict on one document with everything found. Failures are data: a document that could not
 * even be parsed is a Result of status {@link Status#ERROR} whose document has no body.
 *
 * @param checkedBy the layers that type-checked the document: {@code schema} (a JSON schema was
 *                  found) or {@code structure} (the typed model); empty when neither knew its kind
 */
public record Result(Document document, Status status, List<Finding> findings, List<String> checkedBy) {

    public Result {
        findings = findings.stream().sorted(Finding.ORDER).toList();
        checkedBy = List.copyOf(checkedBy);
    }

    public Result(Document document, Status status, List<Finding> findings) {
        this(document, status, findings, List.of());
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
