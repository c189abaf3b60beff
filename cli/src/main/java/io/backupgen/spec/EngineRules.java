package io.backupgen.spec;

import io.backupgen.kube.KubeValues;
import java.util.List;
import java.util.Map;

/**
 * What the schema cannot say about the cluster-native engines (CloudNativePG, VolumeSnapshots,
 * Velero): fields one setting makes required, choices that exclude each other, schedules as the
 * operators read them. One small function per engine; each checks nothing while its engine is off.
 */
final class EngineRules {
    private static final String FIVE_FIELDS = "five cron fields (minute hour day-of-month month day-of-week) or"
            + " @hourly/@daily/@weekly/@monthly/@yearly";

    private EngineRules() {
    }

    static void check(Spec spec, Origins at, List<Diagnostic> out) {
        cnpg(spec, at, out);
        snapshots(spec, at, out);
        velero(spec, at, out);
    }

    /** A schedule read in UTC by an operator: Kubernetes' dialect without a zone prefix. */
    private static void utcSchedule(String schedule, String pointer, Origins at, List<Diagnostic> out) {
        KubeValues.cron(schedule, true).filter(KubeValues.CronProblem::error).ifPresent(p -> out.add(at.diagnostic(
                pointer, p.message(), FIVE_FIELDS + ", read in UTC",
                "example: \"0 1 * * *\" is every day at 01:00 UTC")));
    }

    /**
     * A field the engine needs once {@code enabler} turns it on. A missing value has no line of its
     * own (it is the built-in default), so the diagnostic points at the enabling field and names it.
     */
    private static void required(String value, String pointer, String enabler, String why, String suggestion,
                                 Origins at, List<Diagnostic> out) {
        if (value == null || value.isEmpty()) {
            out.add(at.diagnostic(enabler, SpecSchema.dotted(com.fasterxml.jackson.core.JsonPointer.compile(pointer))
                    + " is required: " + why, "a non-empty " + pointer.substring(pointer.lastIndexOf('/') + 1), suggestion));
        }
    }

    static void cnpg(Spec spec, Origins at, List<Diagnostic> out) {
        CnpgSpec c = spec.database().cnpg();
        if (c == null || !c.enabled()) {
            return;
        }
        String base = "/database/cnpg";
        utcSchedule(c.schedule(), base + "/schedule", at, out);
        required(c.objectStore().destinationPath(), base + "/objectStore/destinationPath", base + "/cluster",
                "database.cnpg needs an object store: WAL archiving is what makes point-in-time recovery possible,"
                        + " with every method", "e.g. destinationPath: s3://my-bucket/cnpg", at, out);
        required(c.objectStore().credentials().secretName(), base + "/objectStore/credentials/secretName",
                base + "/cluster", "database.cnpg needs the Secret with the bucket's access key pair",
                "name the Secret holding " + c.objectStore().credentials().accessKeyIdKey() + " and "
                        + c.objectStore().credentials().secretAccessKeyKey(), at, out);
        required(c.recovery().storageSize(), base + "/recovery/storageSize", base + "/cluster",
                "the recovery Cluster needs a volume at least as big as your Cluster's",
                "set it to your Cluster's spec.storage.size, e.g. 20Gi", at, out);
        if (c.method().equals("volumeSnapshot")) {
            required(c.volumeSnapshotClassName(), base + "/volumeSnapshotClassName", base + "/method",
                    "method volumeSnapshot needs the VolumeSnapshotClass of the instance volumes",
                    "kubectl get volumesnapshotclass lists them", at, out);
        } else if (!c.archive().isEmpty() && !c.archive().equals(c.method())) {
            out.add(at.diagnostic(base + "/archive", "method " + c.method() + " archives WAL with " + c.method()
                            + ", not " + c.archive(), "'' or " + c.method() + " with method " + c.method(),
                    "remove archive (it matters with method volumeSnapshot only)"));
        }
    }

    static void snapshots(Spec spec, Origins at, List<Diagnostic> out) {
        SnapshotsSpec s = spec.snapshots();
        if (s == null || !s.enabled()) {
            return;
        }
        required(s.volumeSnapshotClassName(), "/snapshots/volumeSnapshotClassName", "/snapshots/enabled",
                "snapshots need a VolumeSnapshotClass", "kubectl get volumesnapshotclass lists them", at, out);
        boolean named = !s.pvcs().isEmpty();
        boolean selected = !s.selector().isEmpty();
        if (named == selected) {
            out.add(at.diagnostic(named ? "/snapshots/selector" : "/snapshots/enabled",
                    named ? "pvcs and selector both name the volumes to snapshot" : "no volumes to snapshot",
                    "either pvcs (names) or selector (labels)",
                    named ? "keep one of them" : "e.g. pvcs: [data-billing-pg-1] or selector: {cnpg.io/cluster: billing-pg}"));
        }
        boolean any = false;
        for (Map.Entry<String, SnapshotsSpec.Tier> e : s.tiers().byName().entrySet()) {
            SnapshotsSpec.Tier t = e.getValue();
            if (!t.enabled()) {
                continue;
            }
            any = true;
            String base = "/snapshots/tiers/" + e.getKey();
            KubeValues.cron(t.schedule(), true).map(KubeValues.CronProblem::message).ifPresent(p -> out.add(
                    at.diagnostic(base + "/schedule", p, FIVE_FIELDS, "example: \"30 1 * * *\" is every day at 01:30")));
            KubeValues.timeZoneProblem(t.timeZone()).ifPresent(p -> out.add(at.diagnostic(base + "/timeZone", p,
                    "an IANA time zone name", "")));
        }
        if (!any) {
            out.add(at.diagnostic("/snapshots/tiers", "snapshots are enabled but every snapshot tier is disabled", "",
                    "enable one of snapshots.tiers.hourly, daily, weekly"));
        }
        if (s.readyTimeoutSeconds() + 60 > s.activeDeadlineSeconds()) {
            out.add(at.diagnostic("/snapshots/activeDeadlineSeconds", "a run may take " + s.activeDeadlineSeconds()
                            + " s but waits up to " + s.readyTimeoutSeconds() + " s for its snapshot: the Job would be"
                            + " killed before it can report or prune", "at least readyTimeoutSeconds + 60",
                    "set activeDeadlineSeconds: " + (s.readyTimeoutSeconds() + 300)));
        }
        if (!pinned(s.image())) {
            out.add(at.diagnostic("/snapshots/image", "image '" + s.image() + "' is not pinned to a version",
                    "repository:tag (not latest) or repository@sha256:...", "e.g. registry.k8s.io/kubectl:v1.32.4"));
        }
        SpecRules.checkResources(s.resources(), "/snapshots/resources", at, out);
    }

    /** A tag other than latest, or a digest. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        return colon > image.lastIndexOf('/') && !image.substring(colon + 1).equals("latest");
    }

    static void velero(Spec spec, Origins at, List<Diagnostic> out) {
        VeleroSpec v = spec.velero();
        if (v == null || !v.enabled()) {
            return;
        }
        utcSchedule(v.schedule(), "/velero/schedule", at, out);
        String ns = spec.project().namespace();
        if (ns == null || ns.isEmpty()) {
            out.add(at.diagnostic("/velero/enabled", "the Velero Schedule must name the namespace it backs up, and"
                            + " project.namespace is empty (Velero reads an empty includedNamespaces as every namespace)",
                    "project.namespace set with velero.enabled", "set project.namespace"));
        } else if (ns.equals(v.namespace())) {
            out.add(at.diagnostic("/velero/namespace", "velero.namespace is the project's own namespace '" + ns
                            + "'; it is the namespace Velero runs in", "the namespace Velero is installed in",
                    "usually velero"));
        }
    }
}
