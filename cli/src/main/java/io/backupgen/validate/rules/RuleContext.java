package io.backupgen.validate.rules;

/** What rules may look at besides the document: the Kubernetes version and how strict references are. */
public record RuleContext(String kubernetesVersion, int minor, boolean externalRefsAllowed) {
    /**
     * @param minor               the Kubernetes minor version (1.31.0 -> 31; Integer.MAX_VALUE for master)
     * @param externalRefsAllowed the set is partial: a referenced ConfigMap/PVC/ServiceAccount it lacks is a warning
     */
    public RuleContext {
    }
}
