package io.backupgen.spec;

/**
 * {@code database.cnpg}: backups of a CloudNativePG Cluster (see docs/engines.md). Mirrors the
 * schema's section; the CloudNativePG module ({@code io.backupgen.model.engines.cnpg}) turns it into
 * objects.
 *
 * @param cluster empty: the layer is off
 * @param archive empty: the same as {@code method} (barmanObjectStore for volumeSnapshot)
 */
public record CnpgSpec(String cluster, String method, String archive, String schedule, boolean suspend, String target,
                       int windowSeconds, String volumeSnapshotClassName, ObjectStore objectStore, Recovery recovery) {

    public boolean enabled() {
        return cluster != null && !cluster.isEmpty();
    }

    /** The S3 bucket barman-cloud writes to; the shape issue 9's {@code offsite} settings can feed. */
    public record ObjectStore(String destinationPath, String endpointURL, SecretKey endpointCA, Credentials credentials,
                              String serverName, String compression, String encryption, String retentionPolicy) {
    }

    public record SecretKey(String secretName, String key) {
    }

    public record Credentials(String secretName, String accessKeyIdKey, String secretAccessKeyKey) {
    }

    public record Recovery(String storageSize, String storageClassName, String imageName) {
    }
}
