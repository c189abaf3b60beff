package io.backupgen.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.RefusedRender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-site spec rules (spec/OffsiteRules, SharedTargetRules), one fixture each: every mistake names the
 * file, line, field, what is allowed and what to do, exits 2 and writes nothing.
 */
class OffsiteSpecErrorsTest {
    @TempDir
    Path dir;

    private static final String OK = """
            offsite:
              enabled: true
              bucket: shop-backups
              credentials: {secretName: shop-s3}
              encryption: {secretName: shop-offsite-key}
            """;

    private CliRun render(String yaml) throws Exception {
        return RefusedRender.of(dir, yaml);
    }

    @Test
    void offsiteNeedsABucketAnEncryptionKeyAndCredentials() throws Exception {
        CliRun r = render("offsite:\n  enabled: true\n");
        assertThat(r.err()).contains("backupgen.yaml:6:12: offsite.enabled: offsite.bucket is required",
                        "e.g. bucket: billing-backups")
                .contains("offsite.encryption.secretName is required: uploads are encrypted by default",
                        "openssl rand -base64 32")
                .contains("offsite has no credentials", "eks.amazonaws.com/role-arn");
    }

    @Test
    void workloadIdentityNeedsNoStaticKeys() throws Exception {
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, RefusedRender.HEAD + """
                serviceAccount:
                  annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/shop-backups"}
                offsite:
                  enabled: true
                  bucket: shop-backups
                  region: eu-central-1
                  encryption: {secretName: shop-offsite-key}
                """);
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String cronJobs = Files.readString(dir.resolve("out/k8s/base/backup-cronjob.yaml"));
        assertThat(cronJobs).contains("- name: upload").doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    }

    @Test
    void scratchStorageNeedsOffsiteAndNoBackupBeforeRestore() throws Exception {
        CliRun alone = render("storage:\n  mode: scratch\n");
        assertThat(alone.err()).contains("backupgen.yaml:6:9: storage.mode: storage.mode scratch keeps backups in an"
                + " emptyDir that is deleted with the pod", "set offsite.enabled: true");
        CliRun first = render("storage:\n  mode: scratch\n" + OK);
        assertThat(first.err()).contains("restore.backupFirst: restore.backupFirst writes the backup taken before a"
                + " restore to the restore pod's emptyDir", "set restore.backupFirst: false");
        CliRun single = render("storage:\n  mode: scratch\nrestore:\n  backupFirst: false\ntiers:\n  mode: single\n" + OK);
        assertThat(single.err()).contains("storage.mode: tiers.mode single files a dump into weekly and monthly");
    }

    @Test
    void coldStorageClassesAndUnpinnedImagesAreRefused() throws Exception {
        CliRun r = render(OK + "  storageClass: DEEP_ARCHIVE\n  image: rclone/rclone:latest\n");
        assertThat(r.err()).contains("offsite.storageClass: storage class DEEP_ARCHIVE cannot be read without a restore"
                + " request", "use GLACIER_IR").contains("offsite.image: image 'rclone/rclone:latest' is not pinned");
    }

    @Test
    void twoEnvironmentsNeverShareABucketFolder() throws Exception {
        String envs = OK + """
                environments:
                  production:
                    namespace: shop
                  staging:
                    namespace: shop-staging
                """;
        CliRun shared = render(envs);
        assertThat(shared.err()).contains("environments.staging: environments 'production' and 'staging' both write"
                + " off-site copies to s3://shop-backups/ at AWS S3", "set environments.staging.offsite.prefix: staging");
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, RefusedRender.HEAD + envs + "    offsite: {prefix: staging}\n");
        CliRun own = CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
        assertThat(own.exitCode()).as(own.toString()).isZero();
    }
}
