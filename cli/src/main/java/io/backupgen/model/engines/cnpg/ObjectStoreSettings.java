package io.backupgen.model.engines.cnpg;

import io.backupgen.spec.CnpgSpec;

/**
 * An S3 bucket as barman-cloud needs it: the small record the CloudNativePG module renders its
 * object-store settings from (the Cluster patch, the plugin's ObjectStore, the recovery Cluster's
 * archive). It comes from {@code database.cnpg.objectStore} today; off-site storage (issue 9:
 * {@code offsite}: endpoint, bucket, prefix, credentials Secret, CA bundle, encryption) can produce
 * the same record in {@link CnpgEngine#objectStore}, so CloudNativePG reuses it without new templates.
 *
 * @param destinationPath {@code s3://bucket/prefix}
 * @param endpointURL     empty for AWS S3
 * @param caSecret        Secret holding the endpoint's CA bundle, empty for the system's CAs
 * @param encryption      empty (the bucket's policy), AES256 or aws:kms
 * @param compression     empty (none), gzip, bzip2, lz4 or snappy: for WAL and base backups
 * @param retentionPolicy barman's recovery window, e.g. 30d
 */
public record ObjectStoreSettings(String destinationPath, String endpointURL, String caSecret, String caKey,
                                  String credentialsSecret, String accessKeyIdKey, String secretAccessKeyKey,
                                  String encryption, String compression, String retentionPolicy) {

    public static ObjectStoreSettings of(CnpgSpec.ObjectStore s) {
        return new ObjectStoreSettings(s.destinationPath(), s.endpointURL(), s.endpointCA().secretName(),
                s.endpointCA().key(), s.credentials().secretName(), s.credentials().accessKeyIdKey(),
                s.credentials().secretAccessKeyKey(), s.encryption(), s.compression(), s.retentionPolicy());
    }

    /** WAL and base backups carry the same options; a block is written only when one is set. */
    public boolean hasOptions() {
        return !encryption.isEmpty() || !compression.isEmpty();
    }
}
