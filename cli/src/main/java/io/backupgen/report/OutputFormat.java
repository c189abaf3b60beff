package io.backupgen.report;

/** The report formats of {@code --output}. */
public enum OutputFormat {
    TEXT,
    JSON,
    JUNIT
}
