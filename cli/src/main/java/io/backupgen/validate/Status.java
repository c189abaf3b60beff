package io.backupgen.validate;

/** A document's verdict, as in kubeconform. */
public enum Status {
    /** Checked, and no error-severity finding. */
    VALID,
    /** Checked, and at least one error-severity finding. */
    INVALID,
    /** Could not be checked at all: not YAML, not an object, no kind/apiVersion, schema load failure. */
    ERROR,
    /** No schema and no typed model know its kind (and --strict-kinds is off); API rules still ran. */
    SKIPPED
}
