package io.backupgen.spec;

import java.util.List;
import java.util.Map;

/**
 * What the schema cannot say about off-site copies: fields that {@code offsite.enabled} makes required,
 * storage without a volume, identities without keys. Each rule is one small function.
 */
final class OffsiteRules {
    /** ServiceAccount annotations of the workload identities the S3 SDK's credential chain picks up. */
    static final List<String> IDENTITY_ANNOTATIONS = List.of("eks.amazonaws.com/role-arn",
            "iam.gke.io/gcp-service-account", "azure.workload.identity/client-id");
    /** Storage classes whose objects cannot be read without a restore request first. */
    private static final List<String> COLD = List.of("GLACIER", "DEEP_ARCHIVE");

    private OffsiteRules() {
    }

    static void check(Spec spec, Origins at, List<Diagnostic> out) {
        scratchNeedsOffsite(spec, at, out);
        OffsiteSpec o = spec.offsite();
        if (o == null || !o.enabled()) {
            return;
        }
        bucket(o, at, out);
        encryptionKey(o, at, out);
        credentials(spec, o, at, out);
        storageClass(o, at, out);
        image(o, at, out);
        SpecRules.checkResources(o.resources(), "/offsite/resources", at, out);
    }

    /** Without a bucket copy, an emptyDir loses every backup with its pod. */
    static void scratchNeedsOffsite(Spec spec, Origins at, List<Diagnostic> out) {
        if (!spec.storage().scratch()) {
            return;
        }
        if (spec.offsite() == null || !spec.offsite().enabled()) {
            out.add(at.diagnostic("/storage/mode", "storage.mode scratch keeps backups in an emptyDir that is deleted"
                            + " with the pod: without offsite.enabled no backup would survive its Job",
                    "volume, or scratch with offsite.enabled: true", "set offsite.enabled: true and its bucket, or use"
                            + " mode: volume"));
        } else if (spec.tiers().single()) {
            out.add(at.diagnostic("/storage/mode", "tiers.mode single files a dump into weekly and monthly by what"
                            + " the volume already holds; an emptyDir holds nothing, so every dump would be filed",
                    "storage.mode volume with tiers.mode single", "use tiers.mode: separate, or storage.mode: volume"));
        }
        if (spec.restore().backupFirst()) {
            out.add(at.diagnostic("/restore/backupFirst", "restore.backupFirst writes the backup taken before a restore"
                            + " to the restore pod's emptyDir with storage.mode scratch, where it is lost with the pod",
                    "false with storage.mode scratch", "set restore.backupFirst: false and take an off-site backup"
                            + " first with 'backupgen backup-now' (docs/offsite.md)"));
        }
        if (!nullToEmpty(spec.storage().existingClaim()).isEmpty()) {
            out.add(at.diagnostic("/storage/existingClaim", "storage.existingClaim names a claim, but storage.mode"
                    + " scratch uses no claim", "'' with mode scratch", "remove existingClaim or use mode: volume"));
        }
    }

    static void bucket(OffsiteSpec o, Origins at, List<Diagnostic> out) {
        if (nullToEmpty(o.bucket()).isEmpty()) {
            out.add(at.diagnostic("/offsite/enabled", "offsite.bucket is required: off-site copies need a bucket",
                    "a non-empty bucket name", "e.g. bucket: billing-backups (it must exist already)"));
        }
    }

    static void encryptionKey(OffsiteSpec o, Origins at, List<Diagnostic> out) {
        if (o.encryption().enabled() && nullToEmpty(o.encryption().secretName()).isEmpty()) {
            out.add(at.diagnostic("/offsite/enabled", "offsite.encryption.secretName is required: uploads are"
                            + " encrypted by default and the passphrase comes from a Secret",
                    "the name of a Secret with keys " + o.encryption().passwordKey() + " and " + o.encryption().saltKey(),
                    "kubectl create secret generic <slug>-offsite-key --from-literal=" + o.encryption().passwordKey()
                            + "=\"$(openssl rand -base64 32)\" --from-literal=" + o.encryption().saltKey()
                            + "=\"$(openssl rand -base64 32)\" (and keep a copy outside the cluster)"));
        }
    }

    /** No Secret means workload identity, which only works with an annotated ServiceAccount. */
    static void credentials(Spec spec, OffsiteSpec o, Origins at, List<Diagnostic> out) {
        if (!o.credentials().workloadIdentity()) {
            return;
        }
        Map<String, String> ann = spec.serviceAccount() == null || spec.serviceAccount().annotations() == null
                ? Map.of() : spec.serviceAccount().annotations();
        if (IDENTITY_ANNOTATIONS.stream().noneMatch(ann::containsKey)) {
            out.add(at.diagnostic("/offsite/enabled", "offsite has no credentials: offsite.credentials.secretName is"
                            + " empty and serviceAccount.annotations names no workload identity",
                    "credentials.secretName, or a ServiceAccount annotation " + String.join(", ", IDENTITY_ANNOTATIONS),
                    "set offsite.credentials.secretName, or serviceAccount.annotations: {eks.amazonaws.com/role-arn:"
                            + " arn:aws:iam::123456789012:role/backups}"));
        }
    }

    static void storageClass(OffsiteSpec o, Origins at, List<Diagnostic> out) {
        if (COLD.contains(nullToEmpty(o.storageClass()))) {
            out.add(at.diagnostic("/offsite/storageClass", "storage class " + o.storageClass() + " cannot be read"
                            + " without a restore request that takes hours: a restore, the verification and the"
                            + " read-back after each upload would fail", "STANDARD, STANDARD_IA, ONEZONE_IA,"
                            + " INTELLIGENT_TIERING, GLACIER_IR or the store's own",
                    "use GLACIER_IR, or a lifecycle rule in the bucket for older objects"));
        }
    }

    static void image(OffsiteSpec o, Origins at, List<Diagnostic> out) {
        if (!EngineRules.pinned(o.image())) {
            out.add(at.diagnostic("/offsite/image", "image '" + o.image() + "' is not pinned to a version",
                    "repository:tag (not latest) or repository@sha256:...", "e.g. docker.io/rclone/rclone:1.68.2"));
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
