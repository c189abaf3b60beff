package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.RefusedRender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engines' spec rules (spec/EngineRules), one fixture each: every mistake names the file, line,
 * field, what is allowed and what to do, exits 2 and writes nothing.
 */
class EngineSpecErrorsTest {
    @TempDir
    Path dir;

    private CliRun render(String yaml) throws Exception {
        return RefusedRender.of(dir, yaml);
    }

    @Test
    void cnpgNeedsABucketItsSecretAndARecoverySize() throws Exception {
        CliRun r = render("database:\n  cnpg:\n    cluster: shop-pg\n");
        assertThat(r.err()).contains("backupgen.yaml:7:14: database.cnpg.cluster: database.cnpg.objectStore.destinationPath"
                        + " is required", "WAL archiving is what makes point-in-time recovery possible")
                .contains("e.g. destinationPath: s3://my-bucket/cnpg")
                .contains("database.cnpg.cluster: database.cnpg.objectStore.credentials.secretName is required")
                .contains("database.cnpg.cluster: database.cnpg.recovery.storageSize is required",
                        "your Cluster's spec.storage.size")
                .doesNotContain("built-in defaults");
    }

    @Test
    void cnpgScheduleIsFiveFieldsInUtc() throws Exception {
        CliRun r = render("""
                database:
                  cnpg:
                    cluster: shop-pg
                    schedule: "0 0 1 * * *"
                    objectStore: {destinationPath: s3://bkt, credentials: {secretName: s3}}
                    recovery: {storageSize: 1Gi}
                """);
        assertThat(r.err()).contains("backupgen.yaml:8:15: database.cnpg.schedule", "has 6 fields",
                "allowed: five cron fields (minute hour day-of-month month day-of-week) or"
                        + " @hourly/@daily/@weekly/@monthly/@yearly, read in UTC");
    }

    @Test
    void cnpgVolumeSnapshotNeedsAClassAndTheObjectStoreMethodsTheirOwnArchive() throws Exception {
        String common = "    objectStore: {destinationPath: s3://bkt, credentials: {secretName: s3}}\n"
                + "    recovery: {storageSize: 1Gi}\n";
        CliRun snap = render("database:\n  cnpg:\n    cluster: shop-pg\n    method: volumeSnapshot\n" + common);
        assertThat(snap.err()).contains("backupgen.yaml:8:13: database.cnpg.method: database.cnpg.volumeSnapshotClassName is required",
                "method volumeSnapshot needs the VolumeSnapshotClass", "kubectl get volumesnapshotclass");
        CliRun archive = render("database:\n  cnpg:\n    cluster: shop-pg\n    method: plugin\n"
                + "    archive: barmanObjectStore\n" + common);
        assertThat(archive.err()).contains("backupgen.yaml:9:14: database.cnpg.archive",
                "method plugin archives WAL with plugin, not barmanObjectStore");
    }

    @Test
    void twoEnvironmentsNeverArchiveIntoTheSameCnpgArchive() throws Exception {
        String cnpg = """
                database:
                  cnpg:
                    cluster: shop-pg
                    objectStore: {destinationPath: s3://bkt/cnpg/, credentials: {secretName: s3}}
                    recovery: {storageSize: 1Gi}
                environments:
                  production:
                    namespace: shop
                  staging:
                    namespace: shop-staging
                """;
        CliRun shared = render(cnpg);
        assertThat(shared.err()).contains("backupgen.yaml:14:5: environments.staging: environments 'production' and"
                        + " 'staging' both write CloudNativePG's WAL archive and base backups to s3://bkt/cnpg/shop-pg",
                        "a recovery of one would read the other's backups",
                        "set environments.staging.database.cnpg.objectStore.destinationPath: s3://bkt/cnpg-staging");
        // Its own serverName (or destinationPath) is enough.
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, RefusedRender.HEAD + cnpg + "    database: {cnpg: {objectStore: {serverName: shop-pg-staging}}}\n");
        CliRun own = CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
        assertThat(own.exitCode()).as(own.toString()).isZero();
    }

    @Test
    void snapshotsNeedAClassAndExactlyOneWayToPickVolumes() throws Exception {
        CliRun none = render("snapshots:\n  enabled: true\n");
        assertThat(none.err()).contains("backupgen.yaml:6:12: snapshots.enabled: snapshots.volumeSnapshotClassName is required:"
                        + " snapshots need a VolumeSnapshotClass")
                .contains("snapshots.enabled: no volumes to snapshot", "allowed: either pvcs (names) or selector (labels)");
        CliRun both = render("snapshots:\n  enabled: true\n  volumeSnapshotClassName: c\n  pvcs: [a]\n"
                + "  selector: {app: db}\n");
        assertThat(both.err()).contains("backupgen.yaml:9:13: snapshots.selector: pvcs and selector both name the volumes");
    }

    @Test
    void snapshotsWaitLessThanTheirDeadlineAndRunAPinnedImage() throws Exception {
        CliRun r = render("""
                snapshots:
                  enabled: true
                  volumeSnapshotClassName: c
                  pvcs: [data]
                  image: registry.k8s.io/kubectl:latest
                  readyTimeoutSeconds: 900
                  activeDeadlineSeconds: 900
                  tiers:
                    daily: {timeZone: Mars/Olympus}
                """);
        assertThat(r.err()).contains("snapshots.image: image 'registry.k8s.io/kubectl:latest' is not pinned")
                .contains("snapshots.activeDeadlineSeconds: a run may take 900 s but waits up to 900 s",
                        "set activeDeadlineSeconds: 1200")
                .contains("snapshots.tiers.daily.timeZone");
        CliRun off = render("snapshots:\n  enabled: true\n  volumeSnapshotClassName: c\n  pvcs: [data]\n  tiers:\n"
                + "    daily: {enabled: false}\n    weekly: {enabled: false}\n");
        assertThat(off.err()).contains("snapshots.tiers: snapshots are enabled but every snapshot tier is disabled");
    }

    @Test
    void veleroNeedsTheNamespaceItBacksUpAndItsOwn() throws Exception {
        CliRun r = render("velero:\n  enabled: true\n");
        assertThat(r.err()).contains("backupgen.yaml:6:12: velero.enabled", "project.namespace is empty",
                "Velero reads an empty includedNamespaces as every namespace", "set project.namespace");
        Files.writeString(dir.resolve("backupgen.yaml"), RefusedRender.HEAD.replace("  name: shop\n", "  name: shop\n  namespace: velero\n")
                + "velero:\n  enabled: true\n");
        CliRun same = CliRun.of("render", "-f", dir.resolve("backupgen.yaml").toString(), "-o", dir.resolve("out").toString());
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("velero.namespace: velero.namespace is the project's own namespace 'velero'");
    }
}
