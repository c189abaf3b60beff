package io.backupgen.validate;

import java.util.Comparator;

/**
 * One thing found wrong with one document.
 *
 * @param source      file path, or "-" for stdin
 * @param docIndex    0-based index of the document in its source
 * @param line        1-based line where the document starts (0 when unknown)
 * @param displayName "CronJob/acme-backup-daily"
 * @param path        field path, e.g. {@code spec.jobTemplate.spec.template.spec.containers[0].env[3].name};
 *                    empty for the document as a whole
 * @param rule        rule id, e.g. {@code schema}, {@code cron}, {@code ref-secret}
 * @param severity    error or warning
 * @param message     what is wrong, and when possible what is allowed
 */
public record Finding(String source, int docIndex, int line, String displayName, String path, String rule,
                      Severity severity, String message) {

    /** Source, document, path, rule, message: the order every output uses. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::source)
            .thenComparingInt(Finding::docIndex)
            .thenComparing(Finding::path)
            .thenComparing(Finding::rule)
            .thenComparing(Finding::message);

    /** The same finding for the document numbered {@code index} in its source. */
    public Finding withIndex(int index) {
        return index == docIndex ? this : new Finding(source, index, line, displayName, path, rule, severity, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
