package io.backupgen.validate;

/** A document's verdict, as in kubeconform. */
public enum Status {
    /** Checked, and no error-severity finding. */
    VALID,
    /** Checked, and at least one error-severity finding. */
    INVALID,
    /**
     * Could not be checked: not YAML, not an object, no kind/apiVersion, no schema for its kind,
     * a schema that could not be loaded, a rejected kind.
     */
    ERROR,
    /** Not checked on purpose: --skip, kustomization files, or no schema with --ignore-missing-schemas. */
    SKIPPED
}
