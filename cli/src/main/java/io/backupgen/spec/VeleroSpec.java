package io.backupgen.spec;

import java.util.Map;

/** {@code velero}: a Velero Schedule for the project's namespace (see docs/engines.md). */
public record VeleroSpec(boolean enabled, String namespace, String schedule, int keep, boolean suspend,
                         String storageLocation, boolean snapshotVolumes, Checkpoint checkpoint) {

    /** The pre-backup hook; off while {@code podSelector} is empty. */
    public record Checkpoint(Map<String, String> podSelector, String container, String user, int timeoutSeconds) {
        public boolean enabled() {
            return podSelector != null && !podSelector.isEmpty();
        }
    }
}
