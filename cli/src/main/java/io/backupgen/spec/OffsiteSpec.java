package io.backupgen.spec;

/**
 * {@code offsite}: encrypted copies of every backup in an S3 or S3-compatible bucket (see docs/offsite.md).
 *
 * @param provider rclone's s3 provider name (AWS, Minio, Ceph, GCS, Other)
 * @param keep     per-tier retention in the bucket; a null tier keeps as many as the volume
 */
public record OffsiteSpec(boolean enabled, String provider, String endpoint, String region, String bucket,
                          String prefix, boolean pathStyle, String storageClass, SecretKey caBundle,
                          Credentials credentials, Encryption encryption, Keep keep, String image,
                          Spec.Resources resources) {

    public record SecretKey(String secretName, String key) {
    }

    /** An empty secretName means workload identity: the SDK's credential chain, no static keys. */
    public record Credentials(String secretName, String accessKeyIdKey, String secretAccessKeyKey) {
        public boolean workloadIdentity() {
            return secretName == null || secretName.isEmpty();
        }
    }

    public record Encryption(boolean enabled, String secretName, String passwordKey, String saltKey) {
    }

    public record Keep(Integer daily, Integer weekly, Integer monthly) {
        public Integer of(String tier) {
            return switch (tier) {
                case "daily" -> daily;
                case "weekly" -> weekly;
                case "monthly" -> monthly;
                default -> null;
            };
        }
    }
}
