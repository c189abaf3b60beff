package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Velero Schedule: in Velero's namespace in the base, every overlay and the chart; its label
 * selectors, evaluated by the real API server against real objects, leave out backupgen's own Jobs
 * and pods and nothing else; TTL from keep and the schedule; the CHECKPOINT hook only when named.
 */
class VeleroEngineTest {

    private static JsonNode schedule(List<ObjectNode> objects) {
        return objects.stream().filter(o -> o.path("kind").asText().equals("Schedule")).findFirst().orElseThrow();
    }

    @Test
    void theScheduleLivesInVelerosNamespaceAndBacksUpEachEnvironmentsOwn(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        io.backupgen.testing.CliRun r = io.backupgen.testing.CliRun.of("render", "-f",
                Repo.root().resolve("samples/velero.yaml").toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String[]> expected = Map.of("k8s/base", new String[] {"shop", "shop"},
                "k8s/overlays/production", new String[] {"shop", "shop"},
                "k8s/overlays/staging", new String[] {"shop-shop-staging", "shop-staging"});
        for (var e : expected.entrySet()) {
            List<ObjectNode> objects = Manifests.parse(EngineFixtures.kustomize(out, e.getKey()));
            JsonNode s = schedule(objects);
            assertThat(s.at("/metadata/name").asText()).as(e.getKey()).isEqualTo(e.getValue()[0]);
            assertThat(s.at("/metadata/namespace").asText()).as(e.getKey()).isEqualTo("velero");
            assertThat(s.at("/spec/template/includedNamespaces").toString()).as(e.getKey())
                    .isEqualTo("[\"" + e.getValue()[1] + "\"]");
            assertThat(objects).filteredOn(o -> !o.path("kind").asText().equals("Schedule"))
                    .allSatisfy(o -> assertThat(o.at("/metadata/namespace").asText()).isEqualTo(e.getValue()[1]));
        }
        // The chart refuses a Schedule that would name no namespace (Velero reads that as all of them).
        Path noNamespace = dir.resolve("no-namespace.yaml");
        Files.writeString(noNamespace, "project:\n  namespace: \"\"\n");
        assertThatThrownBy(() -> HelmCharts.template(EngineFixtures.chart(out), noNamespace))
                .hasMessageContaining("velero.enabled needs project.namespace");
    }

    @Test
    void ttlIsKeepTimesTheLongestGapAndTheHookIsThereOnlyWhenNamed(@TempDir Path dir) {
        Path out = EngineFixtures.render(dir, """
                project: {name: Shop, namespace: shop}
                velero:
                  enabled: true
                  schedule: "0 2 1 * *"
                  keep: 3
                  storageLocation: offsite
                """);
        JsonNode s = schedule(Manifests.parse(EngineFixtures.kustomize(out, "k8s/base")));
        // Monthly: the longest gap is 31 days, so 3 backups are 93 days = 2232 h.
        assertThat(s.at("/spec/template/ttl").asText()).isEqualTo("2232h0m0s");
        assertThat(s.at("/spec/template/storageLocation").asText()).isEqualTo("offsite");
        assertThat(s.at("/spec/template/hooks").isMissingNode()).isTrue();
        assertThat(s.at("/spec/template/defaultVolumesToFsBackup").asBoolean(true)).isFalse();
        assertThat(s.at("/spec/template/snapshotVolumes").asBoolean()).isTrue();
        EngineFixtures.assertAccepted("a monthly Schedule", List.of((ObjectNode) s));
        KubeObjects.assertSameObjects("chart vs base", KubeObjects.byKey(HelmCharts.template(EngineFixtures.chart(out), null)),
                KubeObjects.byKey(EngineFixtures.kustomize(out, "k8s/base")));
    }

    /**
     * Velero backs up an object when any of orLabelSelectors matches it. The selectors are handed to
     * the real API server (the same label-selector code Velero uses) over real objects: backupgen's
     * CronJobs, a restore Job created from its template and a backup pod are out; the backup volume,
     * ConfigMaps, ServiceAccount and the application's own objects, labelled or not, are in.
     */
    @Test
    void theLabelSelectorsLeaveOutBackupgensJobsAndPodsAndNothingElse(@TempDir Path dir) throws Exception {
        Path out = EngineFixtures.render(dir, """
                project: {name: Shop, namespace: velero-selectors}
                velero:
                  enabled: true
                  checkpoint:
                    podSelector: {app.kubernetes.io/name: shop-postgres}
                """);
        List<ObjectNode> base = Manifests.parse(EngineFixtures.kustomize(out, "k8s/base"));
        KubeApiServer api = KubeApiServer.shared();
        String ns = "velero-selectors";
        api.kubectl("create", "namespace", ns);
        api.kubectl("create", "serviceaccount", "default", "-n", ns); // no controller-manager makes it here
        List<ObjectNode> ours = base.stream().filter(o -> !o.path("kind").asText().equals("Schedule")).toList();
        Path objects = dir.resolve("objects.yaml");
        JsonNode podLabels = base.stream().filter(o -> o.at("/metadata/name").asText().equals("shop-backup-daily"))
                .findFirst().orElseThrow().at("/spec/jobTemplate/spec/template/metadata/labels");
        Files.writeString(objects, Manifests.stream(ours) + """
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: shop-backup-daily-28000000-x1
                  labels: %s
                spec:
                  containers: [{name: backup, image: postgres:16-alpine}]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: shop-postgres-0
                  labels: {app.kubernetes.io/name: shop-postgres, app.kubernetes.io/part-of: shop}
                spec:
                  containers: [{name: postgres, image: postgres:16}]
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data-shop-postgres-0}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: shop-settings, labels: {app.kubernetes.io/part-of: shop}}
                """.formatted(podLabels.toString()));
        Tools.Result created = api.kubectl("apply", "-n", ns, "-f", objects.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
        Tools.Result job = api.kubectl("create", "job", "restore-1", "--from=cronjob/shop-backup-restore", "-n", ns);
        assertThat(job.exitCode()).as(job.err()).isZero();

        JsonNode schedule = schedule(base);
        Set<String> included = new TreeSet<>();
        for (JsonNode selector : schedule.at("/spec/template/orLabelSelectors")) {
            included.addAll(matching(api, ns, selector));
        }
        Set<String> all = matching(api, ns, null);
        Set<String> excluded = new TreeSet<>(all);
        excluded.removeAll(included);
        assertThat(excluded).containsExactlyInAnyOrder("pod/shop-backup-daily-28000000-x1", "job.batch/restore-1",
                "cronjob.batch/shop-backup-daily", "cronjob.batch/shop-backup-weekly", "cronjob.batch/shop-backup-monthly",
                "cronjob.batch/shop-backup-verify", "cronjob.batch/shop-backup-restore");
        assertThat(included).contains("persistentvolumeclaim/shop-backup-pvc", "persistentvolumeclaim/data-shop-postgres-0",
                "pod/shop-postgres-0", "configmap/shop-settings", "configmap/shop-backup-scripts", "serviceaccount/shop-backup");

        // The hook runs CHECKPOINT in the pod its selector names, and only there.
        JsonNode hook = schedule.at("/spec/template/hooks/resources/0");
        assertThat(hook.at("/pre/0/exec/command").toString()).contains("\"CHECKPOINT\"");
        assertThat(hook.at("/pre/0/exec/onError").asText()).isEqualTo("Continue");
        assertThat(matching(api, ns, hook.path("labelSelector"))).filteredOn(n -> n.startsWith("pod/"))
                .containsExactly("pod/shop-postgres-0");
    }

    /** Names ("kind.group/name") of the namespace's objects a LabelSelector matches (all when null). */
    private static Set<String> matching(KubeApiServer api, String ns, JsonNode selector) {
        List<String> args = new ArrayList<>(List.of("get", "pods,jobs,cronjobs,persistentvolumeclaims,configmaps,"
                + "serviceaccounts", "-n", ns, "-o", "name"));
        if (selector != null) {
            args.addAll(List.of("-l", selectorString(selector)));
        }
        Tools.Result r = api.kubectl(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        Set<String> out = new TreeSet<>(r.out().lines().filter(l -> !l.isBlank()).toList());
        out.remove("configmap/kube-root-ca.crt");
        out.remove("serviceaccount/default");
        return out;
    }

    /** A LabelSelector in kubectl's -l syntax (the API server parses both into the same requirements). */
    private static String selectorString(JsonNode s) {
        List<String> parts = new ArrayList<>();
        s.path("matchLabels").fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        for (JsonNode x : s.path("matchExpressions")) {
            String key = x.path("key").asText();
            List<String> values = new ArrayList<>();
            x.path("values").forEach(v -> values.add(v.asText()));
            parts.add(switch (x.path("operator").asText()) {
                case "DoesNotExist" -> "!" + key;
                case "Exists" -> key;
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "In" -> key + " in (" + String.join(",", values) + ")";
                default -> throw new AssertionError("operator " + x);
            });
        }
        return String.join(",", parts);
    }
}
