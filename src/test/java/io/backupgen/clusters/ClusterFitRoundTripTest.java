package io.backupgen.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import io.backupgen.render.Manifests;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every field of fitting real clusters (placement, ServiceAccount, storage, security, NetworkPolicy,
 * per-environment database/restore/verify) set at every level in {@code clusters/everything.yaml},
 * rendered once (kustomize and Helm), and followed into the objects that {@code kubectl kustomize}
 * builds for the base and each overlay and that {@code helm template} renders for each values file:
 * each field where it belongs, the chart equal to kustomize, everything valid against the strict
 * schemas and accepted by the real API server.
 */
class ClusterFitRoundTripTest {
    static final Path SPEC = Repo.root().resolve("src/test/resources/clusters/everything.yaml");

    @TempDir
    static Path out;
    static Path chart;
    static Map<String, ObjectNode> base;
    static Map<String, ObjectNode> staging;
    static Map<String, ObjectNode> dr;

    @BeforeAll
    static void render() {
        CliRun r = CliRun.of("render", "-f", SPEC.toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        chart = out.resolve("charts/every");
        base = KubeObjects.byKey(kustomize("k8s/base"));
        staging = KubeObjects.byKey(kustomize("k8s/overlays/staging"));
        dr = KubeObjects.byKey(kustomize("k8s/overlays/dr"));
    }

    static String kustomize(String dir) {
        Tools.Result build = Tools.run(out, Tools.require("kubectl", "kubectl").toString(), "kustomize", dir);
        assertThat(build.exitCode()).as("kubectl kustomize %s: %s", dir, build.err()).isZero();
        return build.out();
    }

    static JsonNode pod(Map<String, ObjectNode> objects, String cronJob) {
        ObjectNode o = objects.get("CronJob/" + cronJob);
        assertThat(o).as("CronJob/%s", cronJob).isNotNull();
        return o.at("/spec/jobTemplate/spec/template");
    }

    static JsonNode yaml(String text) {
        return Manifests.parse("v:\n" + text.indent(2)).get(0).get("v");
    }

    @Test
    void basePodsCarryEveryLayerResolvedPerJob() {
        JsonNode daily = pod(base, "every-backup-daily");
        assertThat(daily.at("/metadata/labels")).isEqualTo(yaml("""
                app.kubernetes.io/name: every
                app.kubernetes.io/component: backup
                app.kubernetes.io/part-of: every
                backup-type: daily
                team: payments
                job-kind: backup
                """));
        assertThat(daily.at("/metadata/annotations")).isEqualTo(yaml("sidecar.istio.io/inject: \"false\""));
        JsonNode spec = daily.get("spec");
        assertThat(spec.get("nodeSelector")).isEqualTo(yaml("node-pool: backup"));
        assertThat(spec.get("tolerations")).isEqualTo(yaml("""
                - {key: dedicated, operator: Equal, value: backup, effect: NoSchedule}
                - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
                """));
        assertThat(spec.at("/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0")).isEqualTo(yaml("""
                weight: 10
                preference:
                  matchExpressions:
                    - {key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a]}
                """));
        assertThat(spec.get("priorityClassName").asText()).isEqualTo("batch-low");
        assertThat(spec.get("imagePullSecrets")).isEqualTo(yaml("- name: regcred"));
        assertThat(spec.get("serviceAccountName").asText()).isEqualTo("every-backups");
        assertThat(spec.get("automountServiceAccountToken").asBoolean(true)).isFalse();
        assertThat(spec.get("securityContext")).isEqualTo(yaml("""
                runAsNonRoot: true
                runAsUser: 1000680000
                runAsGroup: 1000680000
                fsGroup: 1000680000
                fsGroupChangePolicy: OnRootMismatch
                seccompProfile: {type: RuntimeDefault}
                """));

        // The tier's layer: its priority class replaces, its nodeSelector merges key by key.
        JsonNode monthly = pod(base, "every-backup-monthly").get("spec");
        assertThat(monthly.get("priorityClassName").asText()).isEqualTo("batch-monthly");
        assertThat(monthly.get("nodeSelector")).isEqualTo(yaml("{node-pool: backup, disk: ssd}"));

        // restore.pod: its own priority class, an empty toleration list replaces the global one, no backup.pod.
        JsonNode restore = pod(base, "every-backup-restore");
        assertThat(restore.at("/spec/priorityClassName").asText()).isEqualTo("restore-critical");
        assertThat(restore.at("/spec/tolerations").isMissingNode()).as("no tolerations written").isTrue();
        assertThat(restore.at("/metadata/labels/job-kind").isMissingNode()).isTrue();
        assertThat(restore.at("/metadata/labels/team").asText()).isEqualTo("payments");

        // verify.pod: annotations merge with the global ones.
        assertThat(pod(base, "every-backup-verify").at("/metadata/annotations")).isEqualTo(yaml("""
                sidecar.istio.io/inject: "false"
                cluster-autoscaler.kubernetes.io/safe-to-evict: "false"
                """));
    }

    @Test
    void baseServiceAccountPvcAndNetworkPolicy() {
        ObjectNode sa = base.get("ServiceAccount/every-backups");
        assertThat(sa).isNotNull();
        assertThat(sa.at("/metadata/annotations")).isEqualTo(
                yaml("eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/every-backup"));
        assertThat(sa.get("automountServiceAccountToken").asBoolean(true)).isFalse();

        assertThat(base.get("PersistentVolumeClaim/every-backup-pvc").at("/metadata/annotations")).isEqualTo(yaml("""
                argocd.argoproj.io/sync-options: Prune=false,Delete=false
                helm.sh/resource-policy: keep
                kustomize.toolkit.fluxcd.io/prune: disabled
                """));

        ObjectNode np = base.get("NetworkPolicy/every-backup");
        assertThat(np.at("/metadata/namespace").asText()).isEqualTo("every-prod");
        assertThat(np.get("spec")).isEqualTo(yaml("""
                podSelector:
                  matchLabels: {app.kubernetes.io/name: every, app.kubernetes.io/component: backup}
                policyTypes: [Ingress, Egress]
                egress:
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: every-prod}}
                        podSelector: {matchLabels: {cnpg.io/cluster: every-db}}
                    ports: [{protocol: TCP, port: 5433}]
                  - to:
                      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                        podSelector: {matchLabels: {k8s-app: kube-dns}}
                    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
                  - to: [{ipBlock: {cidr: 10.99.0.10/32}}]
                    ports: [{protocol: TCP, port: 3128}]
                """));
        // The policy selects exactly the pods backupgen renders.
        base.values().stream().filter(o -> o.path("kind").asText().equals("CronJob")).forEach(cj ->
                assertThat(cj.at("/spec/jobTemplate/spec/template/metadata/labels").properties())
                        .as(Manifests.key(cj)).containsAll(np.at("/spec/podSelector/matchLabels").properties()));
    }

    @Test
    void stagingOverridesDatabasePlacementIdentityStorageAndSecurity() {
        JsonNode d = staging.get("ConfigMap/every-backup-config").get("data");
        assertThat(d.get("POSTGRES_HOST").asText()).isEqualTo("every-db-rw.every-staging.svc.cluster.local");
        assertThat(d.get("POSTGRES_DB").asText()).isEqualTo("every_staging");
        assertThat(d.get("RESTORE_FORCE").asText()).isEqualTo("true");
        // Verification restores every_staging's backups into a throwaway server (verify.mode's default): no
        // scratch database on the staging server to name.
        assertThat(d.has("VERIFY_SCRATCH_DB")).isFalse();
        assertThat(staging.get("CronJob/every-backup-verify").at("/spec/schedule").asText()).isEqualTo("0 7 * * *");
        JsonNode daily = pod(staging, "every-backup-daily").get("spec");
        assertThat(daily.get("nodeSelector")).isEqualTo(yaml("node-pool: staging"));
        assertThat(daily.has("tolerations")).isFalse();
        assertThat(daily.get("securityContext")).isEqualTo(yaml("""
                runAsNonRoot: true
                fsGroupChangePolicy: OnRootMismatch
                seccompProfile: {type: RuntimeDefault}
                """));
        assertThat(daily.at("/volumes/0/persistentVolumeClaim/claimName").asText()).isEqualTo("every-staging-backups");
        assertThat(pod(staging, "every-backup-monthly").at("/spec/nodeSelector"))
                .isEqualTo(yaml("{node-pool: staging, disk: ssd}"));
        assertThat(pod(staging, "every-backup-restore").at("/spec/priorityClassName").isMissingNode()).isTrue();
        assertThat(staging).doesNotContainKey("PersistentVolumeClaim/every-backup-pvc");
        assertThat(staging.get("ServiceAccount/every-backups").at("/metadata/annotations/eks.amazonaws.com~1role-arn")
                .asText()).isEqualTo("arn:aws:iam::123456789012:role/every-backup-staging");
        JsonNode egress = staging.get("NetworkPolicy/every-backup").at("/spec/egress/0");
        assertThat(egress).isEqualTo(yaml("""
                to:
                  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: every-staging}}
                    podSelector: {matchLabels: {cnpg.io/cluster: every-db}}
                ports: [{protocol: TCP, port: 5432}]
                """));
    }

    @Test
    void drAcknowledgesTheCrossNamespaceDatabaseAndDropsPolicyAndProtection() {
        assertThat(dr.get("ConfigMap/every-backup-config").at("/data/POSTGRES_HOST").asText())
                .isEqualTo("every-db-rw.every-prod.svc.cluster.local");
        assertThat(dr).doesNotContainKey("NetworkPolicy/every-backup");
        assertThat(dr.get("PersistentVolumeClaim/every-backup-pvc").at("/metadata/annotations").isMissingNode()).isTrue();
    }

    @Test
    void overlaysHoldOnlyPatchesComputedByTheGenericDiff() throws Exception {
        Path overlay = out.resolve("k8s/overlays/dr");
        assertThat(overlay.resolve("patches/delete-networkpolicy-every-backup.yaml")).exists();
        assertThat(Files.readString(overlay.resolve("patches/persistentvolumeclaim-every-backup-pvc.yaml")))
                .contains("op: remove", "path: /metadata/annotations");
        assertThat(Files.readString(out.resolve("k8s/overlays/staging/patches/cronjob-every-backup-daily.yaml")))
                .contains("path: /spec/jobTemplate/spec/template/spec/nodeSelector/node-pool", "value: staging",
                        "path: /spec/jobTemplate/spec/template/spec/securityContext/runAsUser");
    }

    @Test
    void helmTemplateEqualsKustomizeForTheBaseAndEveryEnvironment() {
        KubeObjects.assertSameObjects("helm template (defaults) vs kustomize base",
                KubeObjects.byKey(HelmCharts.template(chart, null)), base);
        KubeObjects.assertSameObjects("helm template -f values-staging.yaml vs overlay",
                KubeObjects.byKey(HelmCharts.template(chart, chart.resolve("values-staging.yaml"))), staging);
        KubeObjects.assertSameObjects("helm template -f values-dr.yaml vs overlay",
                KubeObjects.byKey(HelmCharts.template(chart, chart.resolve("values-dr.yaml"))), dr);
        LintResult lint = HelmCharts.lintStrict(chart);
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    /** The chart's values schema holds the same shapes and checks as the spec's. */
    @Test
    void chartValuesSchemaRejectsWhatTheSpecRejects() throws Exception {
        Path bad = out.resolve("bad-toleration.yaml");
        Files.writeString(bad, "tiers:\n  daily:\n    pod:\n      tolerations:\n        - {keyy: x, operator: Exists}\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, bad)).hasMessageContaining("keyy");
        Path label = out.resolve("bad-label.yaml");
        Files.writeString(label, "restore:\n  pod:\n    labels:\n      team: \"not ok!\"\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, label)).hasMessageContaining("team");
        Path uid = out.resolve("bad-uid.yaml");
        Files.writeString(uid, "security:\n  runAsUser: root\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, uid)).hasMessageContaining("runAsUser");
        Path auto = out.resolve("auto.yaml");
        Files.writeString(auto, "security:\n  runAsUser: auto\n  runAsGroup: auto\n  fsGroup: auto\n");
        assertThat(KubeObjects.byKey(HelmCharts.template(chart, auto)).get("CronJob/every-backup-daily")
                .at("/spec/jobTemplate/spec/template/spec/securityContext/runAsUser").isMissingNode()).isTrue();
    }

    /** One-dump mode's single CronJob runs as the daily tier: it gets the daily tier's placement, in both outputs. */
    @Test
    void oneDumpModesJobIsPlacedAsTheDailyTier(@TempDir Path single) throws Exception {
        Path spec = single.resolve("single.yaml");
        Files.writeString(spec, Files.readString(SPEC).replace("tiers:\n  monthly:", "tiers:\n  mode: single\n  monthly:"));
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", single.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Tools.Result build = Tools.run(single, Tools.require("kubectl", "kubectl").toString(), "kustomize", "k8s/base");
        assertThat(build.exitCode()).as(build.err()).isZero();
        Map<String, ObjectNode> objects = KubeObjects.byKey(build.out());
        JsonNode job = pod(objects, "every-backup");
        assertThat(job.at("/metadata/labels/job-kind").asText()).isEqualTo("backup");
        assertThat(job.at("/spec/nodeSelector")).isEqualTo(yaml("node-pool: backup"));
        assertThat(job.at("/spec/priorityClassName").asText()).isEqualTo("batch-low");
        KubeObjects.assertSameObjects("one-dump mode: helm template vs kustomize base",
                KubeObjects.byKey(HelmCharts.template(single.resolve("charts/every"), null)), objects);
    }

    /**
     * values-&lt;env&gt;.yaml are merge patches because Helm merges a values file into the defaults map by
     * map: a key the environment drops must be written as null, which Helm deletes.
     */
    @Test
    void helmDeletesAMapKeyANullValueNames() throws Exception {
        Path drop = out.resolve("drop-node-pool.yaml");
        Files.writeString(drop, "tiers:\n  monthly:\n    pod:\n      nodeSelector:\n        node-pool: null\n");
        JsonNode monthly = KubeObjects.byKey(HelmCharts.template(chart, drop)).get("CronJob/every-backup-monthly")
                .at("/spec/jobTemplate/spec/template/spec/nodeSelector");
        assertThat(monthly).isEqualTo(yaml("disk: ssd"));
    }

    @Test
    void everythingPassesTheStrictSchemasAndTheApiServer() {
        List<String> streams = List.of(kustomize("k8s/base"), kustomize("k8s/overlays/staging"),
                kustomize("k8s/overlays/dr"), HelmCharts.template(chart, null),
                HelmCharts.template(chart, chart.resolve("values-staging.yaml")));
        for (String stream : streams) {
            for (String version : KubeSchemas.VERSIONS) {
                assertThat(KubeSchemas.problems(stream, version)).as("against %s", version).isEmpty();
            }
        }
        List<ObjectNode> objects = streams.stream().flatMap(stream -> Manifests.parse(stream).stream()).toList();
        assertThat(objects).hasSizeGreaterThan(30);
        List<String> rejected = KubeApiServer.shared().dryRun(objects).stream().filter(v -> !v.accepted())
                .map(KubeApiServer.Verdict::toString).toList();
        assertThat(rejected).as("objects the API server did not accept").isEmpty();
    }
}
