package io.backupgen.validate;

/** How bad a finding is: only {@link #ERROR} makes a document invalid and the exit code 1. */
public enum Severity {
    ERROR,
    WARNING
}
