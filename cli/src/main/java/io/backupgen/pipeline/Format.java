package io.backupgen.pipeline;

/** Which outputs {@code render} writes. */
public enum Format {
    /** {@code k8s/base} and {@code k8s/overlays/<env>}. */
    KUSTOMIZE,
    /** A Helm chart of the same objects. */
    HELM,
    /** Both. */
    ALL;

    public boolean includesKustomize() {
        return this == KUSTOMIZE || this == ALL;
    }

    public boolean includesHelm() {
        return this == HELM || this == ALL;
    }
}
