package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.engines.SnapshotHarness.Csi;
import io.backupgen.engines.SnapshotHarness.Shell;
import io.backupgen.engines.SnapshotHarness.Snapshot;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VolumeSnapshot schedule for real: the rendered snapshot.sh, run by the real kubectl as the
 * rendered ServiceAccount (token of the real API server, so the rendered Role is what it may do),
 * under busybox sh as the pod's uid, over a series of runs; the harness plays the CSI driver by
 * marking new snapshots ready, or not.
 */
class SnapshotScheduleTest {
    private static final String DAILY = """
              enabled: true
              volumeSnapshotClassName: csi-test
              selector: {app: wiki-db}
              readyTimeoutSeconds: 10
              tiers:
                daily: {keep: 2}
                weekly: {keep: 2}
            """;

    private static String stamp(int day) {
        return "202503%02dT013000Z".formatted(day);
    }

    private static String name(String pvc, String tier, int day) {
        return "%s-%s-202503%02d-013000".formatted(pvc, tier, day);
    }

    private static List<String> ours(SnapshotHarness h, String tier, String pvc) {
        return h.snapshots().stream()
                .filter(s -> "wiki".equals(s.labels().get("backupgen.io/snapshot-owner"))
                        && tier.equals(s.labels().get("backupgen.io/tier")) && s.pvc().equals(pvc))
                .map(Snapshot::name).sorted().toList();
    }

    @Test
    void createsLabelsAndPrunesPerTierAndVolumeOverASeriesOfRuns(@TempDir Path dir) {
        SnapshotHarness h = new SnapshotHarness(dir, DAILY.indent(2));
        h.pvc("data-wiki-0", "app: wiki-db");
        h.pvc("data-wiki-1", "app: wiki-db");
        h.pvc("scratch", "app: other");
        // Snapshots it must never touch: someone's manual one, another project's, its own weekly tier's,
        // and its own daily one of a volume the selector no longer picks.
        h.foreignSnapshot("data-wiki-0-manual", "data-wiki-0", "");
        h.foreignSnapshot("data-wiki-0-other", "data-wiki-0",
                "backupgen.io/snapshot-owner: other, backupgen.io/tier: daily, backupgen.io/timestamp: 20250101T000000Z");
        h.foreignSnapshot(name("data-wiki-0", "weekly", 1), "data-wiki-0",
                "backupgen.io/snapshot-owner: wiki, backupgen.io/tier: weekly, backupgen.io/timestamp: 20250301T013000Z");
        h.pvc("data-retired", "app: retired");
        h.foreignSnapshot(name("data-retired", "daily", 1), "data-retired",
                "backupgen.io/snapshot-owner: wiki, backupgen.io/tier: daily, backupgen.io/timestamp: 20250301T013000Z");
        List<String> untouched = h.snapshots().stream().map(Snapshot::name).sorted().toList();

        for (int day = 2; day <= 5; day++) {
            Proc.Result r = h.run("daily", stamp(day), 2, Csi.READY, Shell.BUSYBOX);
            assertThat(r.exit()).as(r.toString()).isZero();
            int first = Math.max(2, day - 1); // keep 2
            for (String pvc : List.of("data-wiki-0", "data-wiki-1")) {
                List<String> expected = new java.util.ArrayList<>();
                for (int d = first; d <= day; d++) {
                    expected.add(name(pvc, "daily", d));
                }
                assertThat(ours(h, "daily", pvc)).as("day %d, %s", day, pvc).containsExactlyElementsOf(expected);
            }
            assertThat(h.snapshots().stream().map(Snapshot::name).toList()).as("day %d", day).containsAll(untouched);
            assertThat(h.snapshots()).noneMatch(s -> s.pvc().equals("scratch"));
        }
        Snapshot newest = h.snapshots().stream().filter(s -> s.name().equals(name("data-wiki-1", "daily", 5)))
                .findFirst().orElseThrow();
        assertThat(newest.className()).isEqualTo("csi-test");
        assertThat(newest.labels()).containsAllEntriesOf(Map.of("backupgen.io/snapshot-owner", "wiki",
                "backupgen.io/tier", "daily", "backupgen.io/timestamp", stamp(5), "app.kubernetes.io/part-of", "wiki",
                "app.kubernetes.io/component", "backup"));

        // The weekly tier counts and prunes its own: with keep 2, its old one survives the first run.
        Proc.Result weekly = h.run("weekly", stamp(9), 2, Csi.READY, Shell.BUSYBOX);
        assertThat(weekly.exit()).as(weekly.toString()).isZero();
        assertThat(ours(h, "weekly", "data-wiki-0")).containsExactly(name("data-wiki-0", "weekly", 1),
                name("data-wiki-0", "weekly", 9));
        assertThat(ours(h, "daily", "data-wiki-0")).hasSize(2);
    }

    @Test
    void aSnapshotThatNeverBecomesReadyFailsTheRunAndPrunesNothing(@TempDir Path dir) {
        SnapshotHarness h = new SnapshotHarness(dir, """
                  enabled: true
                  volumeSnapshotClassName: csi-test
                  pvcs: [data-wiki-0]
                  readyTimeoutSeconds: 10
                  tiers:
                    daily: {keep: 2}
                """);
        h.pvc("data-wiki-0", "");
        for (int day = 1; day <= 2; day++) {
            assertThat(h.run("daily", stamp(day), 1, Csi.READY, Shell.BUSYBOX).exit()).isZero();
        }
        List<String> before = ours(h, "daily", "data-wiki-0");

        Proc.Result stuck = h.run("daily", stamp(3), 1, Csi.NEVER_READY, Shell.BUSYBOX);
        assertThat(stuck.exit()).as(stuck.toString()).isNotZero();
        assertThat(stuck.stderr()).contains("VolumeSnapshot " + name("data-wiki-0", "daily", 3)
                + " is not readyToUse after 10s", "pruned nothing");
        assertThat(ours(h, "daily", "data-wiki-0")).containsAll(before).contains(name("data-wiki-0", "daily", 3));

        // The next good run keeps 2 ready ones; the never-ready snapshot between them is not counted,
        // and goes once it is older than the 2nd ready one.
        assertThat(h.run("daily", stamp(4), 1, Csi.READY, Shell.BUSYBOX).exit()).isZero();
        assertThat(ours(h, "daily", "data-wiki-0")).containsExactly(name("data-wiki-0", "daily", 2),
                name("data-wiki-0", "daily", 3), name("data-wiki-0", "daily", 4));
        assertThat(h.run("daily", stamp(5), 1, Csi.READY, Shell.BUSYBOX).exit()).isZero();
        assertThat(ours(h, "daily", "data-wiki-0")).containsExactly(name("data-wiki-0", "daily", 4),
                name("data-wiki-0", "daily", 5));
    }

    @Test
    void aMissingVolumeOrAnEmptySelectionFailsWithoutSnapshotting(@TempDir Path dir, @TempDir Path other) {
        SnapshotHarness named = new SnapshotHarness(dir, """
                  enabled: true
                  volumeSnapshotClassName: csi-test
                  pvcs: [data-wiki-0, data-gone]
                """);
        named.pvc("data-wiki-0", "");
        Proc.Result r = named.run("daily", stamp(1), 0, Csi.NEVER_READY, Shell.BUSYBOX);
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("PVC data-gone not found");
        assertThat(named.snapshots()).isEmpty();

        SnapshotHarness selected = new SnapshotHarness(other, DAILY.indent(2));
        Proc.Result none = selected.run("daily", stamp(1), 0, Csi.NEVER_READY, Shell.BUSYBOX);
        assertThat(none.exit()).isNotZero();
        assertThat(none.stderr()).contains("no PVC matches 'app=wiki-db'");
    }

    /** The pinned image (registry.k8s.io/kubectl) is Debian: /bin/sh is dash, the tools GNU's. */
    @Test
    void runsTheSameUnderTheKubectlImagesDashAndGnuTools(@TempDir Path dir) {
        SnapshotHarness h = new SnapshotHarness(dir, """
                  enabled: true
                  volumeSnapshotClassName: csi-test
                  pvcs: [data-wiki-0]
                  tiers:
                    daily: {keep: 1}
                """);
        h.pvc("data-wiki-0", "");
        for (int day = 1; day <= 2; day++) {
            Proc.Result r = h.run("daily", stamp(day), 1, Csi.READY, Shell.DASH_GNU);
            assertThat(r.exit()).as(r.toString()).isZero();
        }
        assertThat(ours(h, "daily", "data-wiki-0")).containsExactly(name("data-wiki-0", "daily", 2));
    }

    @Test
    void theServiceAccountMayDoWhatTheScriptNeedsAndNothingElse(@TempDir Path dir) {
        SnapshotHarness h = new SnapshotHarness(dir, DAILY.indent(2));
        String ns = h.namespace;
        for (String verb : List.of("create", "get", "list", "delete")) {
            assertThat(h.canI(verb, "volumesnapshots.snapshot.storage.k8s.io", ns)).as(verb).isTrue();
        }
        for (String verb : List.of("get", "list")) {
            assertThat(h.canI(verb, "persistentvolumeclaims", ns)).as(verb + " pvc").isTrue();
        }
        List<Map.Entry<String, String>> denied = List.of(
                Map.entry("update", "volumesnapshots.snapshot.storage.k8s.io"),
                Map.entry("patch", "volumesnapshots.snapshot.storage.k8s.io"),
                Map.entry("watch", "volumesnapshots.snapshot.storage.k8s.io"),
                Map.entry("deletecollection", "volumesnapshots.snapshot.storage.k8s.io"),
                Map.entry("create", "persistentvolumeclaims"),
                Map.entry("delete", "persistentvolumeclaims"),
                Map.entry("get", "secrets"),
                Map.entry("list", "pods"),
                Map.entry("create", "pods/exec"),
                Map.entry("list", "volumesnapshotcontents.snapshot.storage.k8s.io"),
                Map.entry("create", "volumesnapshotclasses.snapshot.storage.k8s.io"));
        denied.forEach(d -> assertThat(h.canI(d.getKey(), d.getValue(), ns)).as(d.getKey() + " " + d.getValue()).isFalse());
        assertThat(h.canI("patch", "volumesnapshots.snapshot.storage.k8s.io/status", ns)).isFalse();
        // Nothing outside its own namespace.
        assertThat(h.canI("list", "volumesnapshots.snapshot.storage.k8s.io", "default")).isFalse();
        assertThat(h.canI("get", "persistentvolumeclaims", "default")).isFalse();
    }

    @Test
    void theRenderedScriptPassesShellcheck(@TempDir Path dir) throws Exception {
        SnapshotHarness h = new SnapshotHarness(dir, DAILY.indent(2));
        Path script = dir.resolve("snapshot-copy.sh");
        Files.writeString(script, h.doc("ConfigMap", "wiki-snapshot-script").path("data").path("snapshot.sh").asText());
        Tools.Result r = Tools.run(dir, io.backupgen.scripts.harness.Tools.shellcheck().toString(), "-s", "sh",
                script.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        // Every tier's CronJob runs the same script with its own tier and retention.
        Map<String, String> keep = List.of("daily", "weekly").stream()
                .collect(Collectors.toMap(t -> t, t -> h.env(t).get("SNAPSHOT_KEEP")));
        assertThat(keep).containsExactlyInAnyOrderEntriesOf(Map.of("daily", "2", "weekly", "2"));
    }
}
