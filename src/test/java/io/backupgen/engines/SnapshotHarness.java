package io.backupgen.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.render.Manifests;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Profiles;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the snapshot CronJob's script as its pod would, against the real API server of
 * {@link KubeApiServer#shared()}: the script and the container's environment come from the rendered
 * documents (never a copy kept in the tests), kubectl is the real one and authenticates with a token
 * of the rendered ServiceAccount (so the rendered Role is all it may do), the shell is busybox sh (or
 * dash with GNU tools, the pinned kubectl image's) and the uid is the pod's.
 *
 * <p>No CSI driver runs, so nothing would ever mark a snapshot ready: {@link #run} plays the
 * snapshot controller and patches the new snapshots' status subresource, unless told not to.
 * Test-specific environment is explicit: the namespace the downward API would give, KUBECONFIG for
 * the token mount, HOME, a {@code date} that answers the fixed run time, a 1-second poll.
 */
final class SnapshotHarness {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static final String SLUG = "wiki";

    enum Shell { BUSYBOX, DASH_GNU }

    final KubeApiServer api = KubeApiServer.shared();
    final String namespace;
    final List<JsonNode> documents;
    private final Path dir;
    private final Path kubeconfig;
    private final Path home;
    private final Path shims;
    private final Path script;

    /**
     * Renders {@code snapshotsSection} (the spec's {@code snapshots:} block, indented two spaces) in a
     * fresh namespace, creates the rendered ServiceAccount, Role and RoleBinding there for real and a
     * kubeconfig holding a token of that ServiceAccount.
     */
    SnapshotHarness(Path dir, String snapshotsSection) {
        this.dir = dir;
        this.namespace = "snap-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
        String spec = """
                apiVersion: %s
                kind: %s
                project:
                  name: Wiki
                  namespace: %s
                snapshots:
                %s""".formatted(SpecLoader.API_VERSION, SpecLoader.KIND, namespace, snapshotsSection);
        LoadedSpec loaded = new SpecLoader(new Profiles(null)).load("snapshots-test.yaml", spec);
        this.documents = new ArrayList<>(Manifests.parse(RenderPipeline.objectStream(loaded)));
        try {
            Files.createDirectories(dir);
            ok(api.kubectl("create", "namespace", namespace));
            Path rbac = dir.resolve("rbac.yaml");
            Files.writeString(rbac, Manifests.stream(List.of(doc("ServiceAccount", SLUG + "-snapshot"),
                    doc("Role", SLUG + "-snapshot"), doc("RoleBinding", SLUG + "-snapshot"))));
            ok(api.kubectl("apply", "-n", namespace, "-f", rbac.toString()));
            this.kubeconfig = serviceAccountKubeconfig();
            this.home = Files.createDirectory(dir.resolve("home"));
            this.shims = shims();
            this.script = Files.createDirectory(dir.resolve("scripts")).resolve("snapshot.sh");
            Files.writeString(script, doc("ConfigMap", SLUG + "-snapshot-script").path("data").path("snapshot.sh").asText());
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r--r--r--"));
            chownToPod(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode doc(String kind, String name) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
    }

    JsonNode cronJob(String tier) {
        return doc("CronJob", SLUG + "-snap-" + tier);
    }

    private JsonNode podSpec(String tier) {
        return cronJob(tier).path("spec").path("jobTemplate").path("spec").path("template").path("spec");
    }

    /** The pod's uid, as its securityContext says. */
    int uid(String tier) {
        return podSpec(tier).path("securityContext").path("runAsUser").asInt();
    }

    /** The container's environment: literal values, and the downward API's namespace. */
    Map<String, String> env(String tier) {
        JsonNode c = podSpec(tier).path("containers").get(0);
        if (!c.path("command").toString().equals("[\"/bin/sh\",\"/scripts/snapshot.sh\"]")) {
            throw new AssertionError("the snapshot container runs " + c.path("command"));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : c.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            } else if (e.at("/valueFrom/fieldRef/fieldPath").asText().equals("metadata.namespace")) {
                env.put(e.path("name").asText(), namespace);
            } else {
                throw new AssertionError("unexpected variable source " + e);
            }
        }
        return env;
    }

    /** What a run should do with its new snapshots once they exist: make them ready, or leave them. */
    enum Csi { READY, NEVER_READY }

    /**
     * One run of {@code tier}'s Job at {@code now} (UTC, {@code yyyyMMdd'T'HHmmss'Z'}); waits for the
     * {@code expectedNew} snapshots it creates and marks them ready (or not) as a CSI driver would.
     */
    Proc.Result run(String tier, String now, int expectedNew, Csi csi, Shell shell) {
        Map<String, String> env = new LinkedHashMap<>(env(tier));
        env.put("HOME", home.toString());                    // the pod's HOME=/tmp is its own emptyDir
        env.put("KUBECONFIG", kubeconfig.toString());         // the ServiceAccount token mount
        env.put("FAKE_NOW", now);                             // read by the date shim
        env.put("SNAPSHOT_POLL_SECONDS", "1");
        List<String> path = new ArrayList<>(List.of(shims.toString()));
        if (shell == Shell.BUSYBOX) {
            path.add(io.backupgen.scripts.harness.Tools.appletDir().toString());
        } else {
            path.addAll(List.of("/usr/bin", "/bin"));
        }
        env.put("PATH", String.join(":", path));
        List<String> cmd = new ArrayList<>();
        if (io.backupgen.scripts.harness.Tools.isRootCached()) {
            int uid = uid(tier);
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        cmd.add(shell == Shell.BUSYBOX ? io.backupgen.scripts.harness.Tools.appletDir().resolve("sh").toString()
                : "/bin/dash");
        cmd.add(script.toString());
        Proc.Running running = Proc.start(cmd, env, null);
        if (csi == Csi.READY) {
            List<String> fresh = waitForNew(tier, now, expectedNew, running);
            for (String name : fresh) {
                ok(api.kubectl("patch", "volumesnapshot", name, "-n", namespace, "--subresource=status",
                        "--type=merge", "-p", "{\"status\":{\"readyToUse\":true}}"));
            }
        }
        return running.await(Duration.ofSeconds(90));
    }

    /** The names of the snapshots of {@code tier} stamped {@code now}, once {@code count} exist. */
    private List<String> waitForNew(String tier, String now, int count, Proc.Running running) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            List<String> names = snapshots().stream()
                    .filter(s -> s.labels().getOrDefault("backupgen.io/tier", "").equals(tier)
                            && s.labels().getOrDefault("backupgen.io/timestamp", "").equals(now))
                    .map(Snapshot::name).toList();
            if (names.size() >= count || !running.isAlive()) {
                return names;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the run did not create " + count + " snapshots in 60 s");
    }

    /** A VolumeSnapshot as the API server holds it. */
    record Snapshot(String name, Map<String, String> labels, String pvc, String className, boolean ready) {
    }

    List<Snapshot> snapshots() {
        Tools.Result r = ok(api.kubectl("get", "volumesnapshots", "-n", namespace, "-o", "json"));
        try {
            List<Snapshot> out = new ArrayList<>();
            for (JsonNode s : JSON.readTree(r.out()).path("items")) {
                Map<String, String> labels = new LinkedHashMap<>();
                s.path("metadata").path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                out.add(new Snapshot(s.path("metadata").path("name").asText(), labels,
                        s.path("spec").path("source").path("persistentVolumeClaimName").asText(),
                        s.path("spec").path("volumeSnapshotClassName").asText(),
                        s.path("status").path("readyToUse").asBoolean(false)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates objects (YAML) in the test namespace as an administrator would. */
    void create(String yaml) {
        try {
            Path f = Files.createTempFile(dir, "objects", ".yaml");
            Files.writeString(f, yaml);
            ok(api.kubectl("create", "-n", namespace, "-f", f.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void pvc(String name, String labels) {
        create("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata:
                  name: %s
                  labels: {%s}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """.formatted(name, labels));
    }

    /** A snapshot someone else made (or an old one of ours), ready. */
    void foreignSnapshot(String name, String pvc, String labels) {
        create("""
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshot
                metadata:
                  name: %s
                  labels: {%s}
                spec:
                  volumeSnapshotClassName: csi-test
                  source: {persistentVolumeClaimName: %s}
                """.formatted(name, labels, pvc));
        ok(api.kubectl("patch", "volumesnapshot", name, "-n", namespace, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"readyToUse\":true}}"));
    }

    /** {@code kubectl auth can-i VERB RESOURCE} as the rendered ServiceAccount. */
    boolean canI(String verb, String resource, String inNamespace) {
        Tools.Result r = api.kubectl("auth", "can-i", verb, resource, "-n", inNamespace,
                "--as", "system:serviceaccount:" + namespace + ":" + SLUG + "-snapshot");
        String answer = r.out().strip();
        if (!answer.equals("yes") && !answer.equals("no")) {
            throw new AssertionError("kubectl auth can-i " + verb + " " + resource + ": " + r.out() + r.err());
        }
        return answer.equals("yes");
    }

    /** A kubeconfig authenticating as the rendered ServiceAccount (a TokenRequest token). */
    private Path serviceAccountKubeconfig() throws IOException {
        String token = ok(api.kubectl("create", "token", SLUG + "-snapshot", "-n", namespace, "--duration=1h"))
                .out().strip();
        String admin = Files.readString(api.kubeconfig());
        String server = field(admin, "server:");
        String ca = field(admin, "certificate-authority-data:");
        Path f = dir.resolve("kubeconfig");
        Files.writeString(f, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster: {server: %s, certificate-authority-data: %s}
                users:
                - name: snapshot
                  user: {token: %s}
                contexts:
                - name: test
                  context: {cluster: test, user: snapshot, namespace: %s}
                current-context: test
                """.formatted(server, ca, token, namespace));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        return f;
    }

    private static String field(String yaml, String key) {
        return yaml.lines().map(String::strip).filter(l -> l.startsWith(key)).findFirst()
                .orElseThrow().substring(key.length()).strip();
    }

    /** kubectl itself, and a date that answers the run's fixed time for the stamp and the real clock otherwise. */
    private Path shims() throws IOException {
        Path d = Files.createDirectory(dir.resolve("shims"));
        Files.createSymbolicLink(d.resolve("kubectl"), Tools.require("kubectl", "kubectl"));
        Path date = d.resolve("date");
        Files.writeString(date, """
                #!/bin/sh
                if [ "$*" = "-u +%Y%m%dT%H%M%SZ" ] && [ -n "${FAKE_NOW:-}" ]; then
                    echo "$FAKE_NOW"
                    exit 0
                fi
                # Otherwise the next date on PATH: busybox's applet, or coreutils' in the Debian image.
                self=$(cd "$(dirname "$0")" && pwd)
                IFS=:
                for p in $PATH; do
                    [ "$p" != "$self" ] && [ -x "$p/date" ] && exec "$p/date" "$@"
                done
                exit 127
                """);
        Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    private void chownToPod(Path p) {
        if (io.backupgen.scripts.harness.Tools.isRootCached()) {
            Proc.run("chown", "-R", uid("daily") + ":" + uid("daily"), p.toString()).ok();
        }
    }

    static Tools.Result ok(Tools.Result r) {
        if (r.exitCode() != 0) {
            throw new AssertionError("kubectl failed (" + r.exitCode() + "): " + r.err() + r.out());
        }
        return r;
    }
}
