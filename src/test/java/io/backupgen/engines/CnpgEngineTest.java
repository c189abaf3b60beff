package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CloudNativePG for each method: the ScheduledBackup (and the plugin's ObjectStore) pass their CRD
 * schemas and the real API server (CEL rules included); the Cluster patch is accepted by the API
 * server when applied to a real Cluster; the recovery Cluster is accepted with its placeholders
 * and filled in; the chart gives the same objects, the recovery Cluster included.
 */
class CnpgEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String spec(String method) {
        return """
                project:
                  name: Orders
                  namespace: orders
                database:
                  host: orders-pg-rw
                  name: app
                  postgresVersion: 16
                  credentials: {secretName: orders-pg-app}
                  cnpg:
                    cluster: orders-pg
                    method: %s
                    schedule: "0 23 * * *"
                    target: prefer-standby
                    volumeSnapshotClassName: csi-snapclass
                    objectStore:
                      destinationPath: s3://orders-backups/cnpg
                      endpointURL: https://minio.storage.svc:9000
                      endpointCA: {secretName: minio-ca, key: ca.crt}
                      credentials: {secretName: orders-s3}
                      encryption: AES256
                    recovery:
                      storageSize: 20Gi
                      storageClassName: fast
                environments:
                  staging:
                    namespace: orders-staging
                    suspend: true
                """.formatted(method);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"barmanObjectStore", "plugin", "volumeSnapshot"})
    void everyObjectPassesItsCrdSchemaAndTheApiServer(String method, @TempDir Path dir) throws Exception {
        Path out = EngineFixtures.render(dir, spec(method));
        List<ObjectNode> base = Manifests.parse(EngineFixtures.kustomize(out, "k8s/base"));
        List<ObjectNode> cnpg = base.stream().filter(o -> o.path("apiVersion").asText().contains("cnpg.io")).toList();
        assertThat(cnpg).extracting(o -> o.path("kind").asText())
                .containsExactlyInAnyOrderElementsOf(method.equals("plugin") ? List.of("ScheduledBackup", "ObjectStore")
                        : List.of("ScheduledBackup"));
        EngineFixtures.assertAccepted(method + " base", base);
        JsonNode sb = cnpg.stream().filter(o -> o.path("kind").asText().equals("ScheduledBackup")).findFirst().orElseThrow();
        assertThat(sb.path("spec").path("schedule").asText()).isEqualTo("0 0 23 * * *");
        assertThat(sb.path("spec").path("method").asText()).isEqualTo(method);
        assertThat(sb.path("spec").path("cluster").path("name").asText()).isEqualTo("orders-pg");

        // The recovery Cluster: accepted as rendered (placeholders), and filled in as the runbook says.
        Path recovery = out.resolve("k8s/cnpg/orders-pg-recovery.yaml");
        String text = Files.readString(recovery);
        assertThat(text).contains("targetTime: \"TARGET_TIME\"");
        EngineFixtures.assertAccepted(method + " recovery", Manifests.parse(text));
        List<ObjectNode> filled = Manifests.parse(text.replace("TARGET_TIME", "2025-03-24T09:14:00Z")
                .replace("SNAPSHOT_NAME", "orders-pg-1-20250324010000"));
        EngineFixtures.assertAccepted(method + " recovery, filled in", filled);
        JsonNode rec = filled.get(0).path("spec");
        assertThat(rec.at("/bootstrap/recovery/recoveryTarget/targetTime").asText()).isEqualTo("2025-03-24T09:14:00Z");
        assertThat(rec.path("backup").isMissingNode()).as("the recovered cluster archives nothing").isTrue();
        assertThat(rec.path("externalClusters").get(0).path("name").asText())
                .isEqualTo(rec.at("/bootstrap/recovery/source").asText());
        assertThat(rec.at("/bootstrap/recovery/volumeSnapshots").isMissingNode()).isEqualTo(!method.equals("volumeSnapshot"));

        // The patch, applied to a real Cluster as its header says.
        KubeApiServer api = KubeApiServer.shared();
        String ns = "cnpg-" + method.toLowerCase(java.util.Locale.ROOT);
        api.kubectl("create", "namespace", ns);
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: orders-pg}
                spec:
                  instances: 3
                  storage: {size: 20Gi}
                """);
        api.kubectl("delete", "cluster", "orders-pg", "-n", ns, "--ignore-not-found");
        assertThat(api.kubectl("create", "-n", ns, "-f", cluster.toString()).exitCode()).isZero();
        Tools.Result patch = api.kubectl("patch", "cluster", "orders-pg", "-n", ns, "--type", "merge", "--patch-file",
                out.resolve("k8s/cnpg/orders-pg-backup-patch.yaml").toString());
        assertThat(patch.exitCode()).as(patch.err()).isZero();
        JsonNode patched = JSON.readTree(api.kubectl("get", "cluster", "orders-pg", "-n", ns, "-o", "json").out())
                .path("spec");
        assertThat(patched.path("instances").asInt()).as("the patch leaves the rest of the Cluster alone").isEqualTo(3);
        if (method.equals("plugin")) {
            assertThat(patched.at("/plugins/0/name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
            assertThat(patched.at("/plugins/0/isWALArchiver").asBoolean()).isTrue();
            assertThat(patched.at("/plugins/0/parameters/barmanObjectName").asText()).isEqualTo("orders-cnpg-store");
            assertThat(patched.at("/backup/barmanObjectStore").isMissingNode()).isTrue();
        } else {
            assertThat(patched.at("/backup/barmanObjectStore/destinationPath").asText()).isEqualTo("s3://orders-backups/cnpg");
            assertThat(patched.at("/backup/barmanObjectStore/wal/encryption").asText()).isEqualTo("AES256");
            assertThat(patched.at("/backup/retentionPolicy").asText()).isEqualTo("30d");
        }
        assertThat(patched.at("/backup/volumeSnapshot/className").asText())
                .isEqualTo(method.equals("volumeSnapshot") ? "csi-snapclass" : "");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"plugin", "volumeSnapshot"})
    void theChartGivesTheSameObjectsTheRecoveryClusterIncluded(String method, @TempDir Path dir) throws Exception {
        Path out = EngineFixtures.render(dir, spec(method));
        Path chart = EngineFixtures.chart(out);
        KubeObjects.assertSameObjects(method + ": helm template vs kustomize base",
                KubeObjects.byKey(HelmCharts.template(chart, null)), KubeObjects.byKey(EngineFixtures.kustomize(out, "k8s/base")));
        KubeObjects.assertSameObjects(method + ": values-staging vs overlay",
                KubeObjects.byKey(HelmCharts.template(chart, chart.resolve("values-staging.yaml"))),
                KubeObjects.byKey(EngineFixtures.kustomize(out, "k8s/overlays/staging")));

        // helm template --set database.cnpg.recovery.targetTime=... renders the same recovery Cluster.
        Path values = dir.resolve("recover.yaml");
        Files.writeString(values, "database:\n  cnpg:\n    recovery:\n      targetTime: TARGET_TIME\n"
                + "      snapshotName: SNAPSHOT_NAME\n");
        Map<String, ObjectNode> helm = KubeObjects.byKey(HelmCharts.template(chart, values));
        ObjectNode fromChart = helm.get("Cluster/orders-pg-recovery");
        assertThat(fromChart).as("the chart's recovery Cluster").isNotNull();
        ((ObjectNode) fromChart.get("metadata")).remove("namespace");
        KubeObjects.assertSameObjects(method + ": the chart's recovery Cluster vs k8s/cnpg",
                KubeObjects.byKey(List.of(fromChart)),
                KubeObjects.byKey(EngineFixtures.objects(out.resolve("k8s/cnpg/orders-pg-recovery.yaml"))));
        assertThat(KubeObjects.byKey(HelmCharts.template(chart, null))).doesNotContainKey("Cluster/orders-pg-recovery");
    }

    @Test
    void anEnvironmentWithItsOwnClusterGetsItsOwnPatchAndRecoveryManifest(@TempDir Path dir) throws Exception {
        Path out = EngineFixtures.render(dir, spec("barmanObjectStore").replace("environments:\n  staging:\n",
                "environments:\n  production: {}\n  staging:\n    database:\n      cnpg:\n        cluster: orders-pg-staging\n"));
        assertThat(out.resolve("k8s/overlays/staging/cnpg/orders-pg-staging-recovery.yaml")).exists();
        assertThat(Files.readString(out.resolve("k8s/overlays/staging/cnpg/orders-pg-staging-backup-patch.yaml")))
                .contains("name: orders-pg-staging", "serverName: \"orders-pg-staging\"");
        assertThat(out.resolve("k8s/overlays/production/cnpg")).doesNotExist();
        JsonNode sb = KubeObjects.byKey(EngineFixtures.kustomize(out, "k8s/overlays/staging")).get("ScheduledBackup/orders-cnpg");
        assertThat(sb.at("/spec/cluster/name").asText()).isEqualTo("orders-pg-staging");
    }

    @Test
    void theSampleNeedsNothingBeyondTheClusterName(@TempDir Path dir) {
        // The minimum: the cluster, the bucket and its Secret, the recovery size; everything else defaults.
        Path out = EngineFixtures.render(dir, """
                project: {name: Orders}
                database:
                  cnpg:
                    cluster: orders-pg
                    objectStore:
                      destinationPath: s3://orders-backups
                      credentials: {secretName: orders-s3}
                    recovery: {storageSize: 20Gi}
                """);
        List<ObjectNode> base = Manifests.parse(EngineFixtures.kustomize(out, "k8s/base"));
        EngineFixtures.assertAccepted("defaults", base);
        assertThat(Files.exists(out.resolve("k8s/cnpg/orders-pg-backup-patch.yaml"))).isTrue();
        assertThat(base).filteredOn(o -> o.path("kind").asText().equals("ScheduledBackup")).singleElement()
                .satisfies(sb -> assertThat(sb.at("/spec/schedule").asText()).isEqualTo("0 0 1 * * *"));
    }
}
