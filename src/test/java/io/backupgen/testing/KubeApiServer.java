package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The real Kubernetes API server of {@code ../shared/kube-apiserver} (1.26, etcd-backed, loopback),
 * started once per test JVM on free ports with the upstream CRDs installed, and stopped when the JVM
 * exits. Answers "would the API server accept this object?" by a server-side dry run (create with
 * {@code dryRun=All&fieldValidation=Strict}: the real decoding, defaulting, validation, CRD schemas
 * and CEL rules; nothing is stored). {@link #kubeconfig()} lets tests drive {@code kubectl} against it
 * for real (RBAC checks, scripts that call kubectl).
 *
 * <p>Requests go straight to the server over HTTPS (one per document, milliseconds each) rather than
 * through {@code dryrun.sh}, which forks kubectl per document.
 */
public final class KubeApiServer {
    /** The namespace documents without one are checked in (created by up.sh). */
    public static final String NAMESPACE = "dryrun";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile KubeApiServer shared;

    private final Path dir;
    private final URI base;
    private final String token;
    private final HttpClient http;
    /** "apiVersion|kind" to its resource; refreshed when a kind is not found (CRDs installed later). */
    private final Map<String, Resource> resources = new ConcurrentHashMap<>();

    /** How the server answered one document. */
    public enum Outcome { OK, REJECTED, SKIP }

    /**
     * @param outcome OK (accepted), REJECTED (the server refused it), SKIP (the server does not serve its kind)
     * @param message the server's message for REJECTED/SKIP, empty for OK
     */
    public record Verdict(String who, Outcome outcome, String message) {
        public boolean accepted() {
            return outcome == Outcome.OK;
        }

        @Override
        public String toString() {
            return outcome + " " + who + (message.isEmpty() ? "" : ": " + message);
        }
    }

    private record Resource(String path, boolean namespaced) {
    }

    private KubeApiServer(Path dir, int port, String token, SSLContext ssl) {
        this.dir = dir;
        this.base = URI.create("https://127.0.0.1:" + port);
        this.token = token;
        this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The server of this JVM, started (about 10 s) on first use; CRDs of ../shared/kube-apiserver/crds installed. */
    public static KubeApiServer shared() {
        KubeApiServer s = shared;
        if (s == null) {
            synchronized (KubeApiServer.class) {
                s = shared;
                if (s == null) {
                    s = start();
                    shared = s;
                }
            }
        }
        return s;
    }

    private static KubeApiServer start() {
        Tools.require("etcd", "etcd-server");
        Tools.require("kubectl", "kubectl");
        Tools.require("openssl", "openssl");
        Tools.require("curl", "curl");
        Path scripts = Repo.shared().resolve("kube-apiserver");
        try {
            Path dir = Files.createTempDirectory("backupgen-kapi");
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("up.sh").toString());
            pb.environment().put("KAPI_DIR", dir.toString());
            pb.environment().put("KAPI_PORT", Integer.toString(port));
            pb.environment().put("KAPI_ETCD_PORT", Integer.toString(freePort()));
            pb.environment().put("KAPI_ETCD_PEER_PORT", Integer.toString(freePort()));
            pb.environment().put("KAPI_NS", NAMESPACE);
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("up.out").toFile());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(scripts, dir)));
            Process p = pb.start();
            if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError("the kube-apiserver of ../shared did not start:\n"
                        + Files.readString(dir.resolve("up.out")));
            }
            String token = Files.readString(dir.resolve("pki/tokens.csv")).split(",")[0].strip();
            KubeApiServer server = new KubeApiServer(dir, port, token, ssl(dir.resolve("pki/ca.crt")));
            Tools.Result crds = server.kubectl("apply", "--server-side", "-f", scripts.resolve("crds").toString());
            if (crds.exitCode() != 0) {
                throw new AssertionError("installing the upstream CRDs failed: " + crds.err());
            }
            Tools.Result established = server.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");
            for (int i = 0; i < 50 && established.exitCode() != 0 && established.err().contains("accessor error"); i++) {
                // A CRD just created has no status.conditions yet, which kubectl wait reports as an error.
                Thread.sleep(100);
                established = server.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd", "--all");
            }
            if (established.exitCode() != 0) {
                throw new AssertionError("the upstream CRDs did not become established: " + established.err());
            }
            return server;
        } catch (IOException e) {
            throw new AssertionError("cannot start the kube-apiserver: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void stop(Path scripts, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", scripts.resolve("down.sh").toString(), "--purge");
            pb.environment().put("KAPI_DIR", dir.toString());
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.start().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            // the JVM is exiting; the temp folder's processes die with the session
        }
    }

    /** A kubeconfig for this server (admin token, default namespace {@link #NAMESPACE}). */
    public Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    /** Runs kubectl against this server. */
    public Tools.Result kubectl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig().toString(),
                "--cache-dir", dir.resolve("kubectl-cache").toString()));
        cmd.addAll(List.of(args));
        return Tools.run(dir, cmd.toArray(String[]::new));
    }

    /**
     * What {@code kubectl create --dry-run=server -f FILE} (namespace {@link #NAMESPACE}) says of a
     * file: kubectl itself reads the YAML (go-yaml v2, aliases, merge keys, lists flattened), the server
     * validates what it sends. OK when every object of the file was accepted; REJECTED with kubectl's
     * message otherwise (a client-side parse error included).
     */
    public Verdict kubectlDryRun(Path file) {
        Tools.Result r = kubectl("create", "--dry-run=server", "-n", NAMESPACE, "-f", file.toAbsolutePath().toString());
        String who = file.getFileName().toString();
        return r.exitCode() == 0 ? new Verdict(who, Outcome.OK, "")
                : new Verdict(who, Outcome.REJECTED, (r.err() + r.out()).strip());
    }

    /** GET of a raw API path (e.g. {@code /openapi/v3}), as text. */
    public String getRaw(String path) {
        HttpResponse<String> resp = send("GET", path, null);
        if (resp.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    /** Dry-runs every document of a YAML/JSON stream (parsed by the test side), in order. */
    public List<Verdict> dryRun(List<? extends JsonNode> objects) {
        List<Verdict> out = new ArrayList<>();
        for (JsonNode o : objects) {
            out.add(dryRun(o));
        }
        return out;
    }

    /** Dry-runs one object: OK, REJECTED with the server's message, or SKIP when its kind is not served. */
    public Verdict dryRun(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        String who = kind + "/" + object.path("metadata").path("name").asText();
        Optional<Resource> r = resource(apiVersion, kind);
        if (r.isEmpty()) {
            return new Verdict(who, Outcome.SKIP, apiVersion + " " + kind + " is not served by this API server");
        }
        String path = r.get().path();
        if (r.get().namespaced()) {
            String ns = object.path("metadata").path("namespace").asText("");
            ns = ns.isEmpty() ? NAMESPACE : ns;
            ensureNamespace(ns);
            path = path.replace("{ns}", ns);
        }
        HttpResponse<String> resp = send("POST", path + "?dryRun=All&fieldValidation=Strict", object.toString());
        if (resp.statusCode() / 100 == 2) {
            return new Verdict(who, Outcome.OK, "");
        }
        return new Verdict(who, Outcome.REJECTED, message(resp));
    }

    private final java.util.Set<String> namespaces = ConcurrentHashMap.newKeySet();

    private void ensureNamespace(String ns) {
        if (ns.equals(NAMESPACE) || namespaces.contains(ns)) {
            return;
        }
        ObjectNode body = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        body.putObject("metadata").put("name", ns);
        HttpResponse<String> resp = send("POST", "/api/v1/namespaces", body.toString());
        if (resp.statusCode() / 100 != 2 && resp.statusCode() != 409) {
            throw new AssertionError("cannot create namespace " + ns + ": " + message(resp));
        }
        namespaces.add(ns);
    }

    private Optional<Resource> resource(String apiVersion, String kind) {
        String key = apiVersion + "|" + kind;
        Resource r = resources.get(key);
        if (r == null) {
            discover();
            r = resources.get(key);
        }
        return Optional.ofNullable(r);
    }

    /** Reads the server's discovery documents: every served kind's collection path. */
    private synchronized void discover() {
        List<String> groupVersions = new ArrayList<>(List.of("v1"));
        JsonNode groups = get("/apis");
        for (JsonNode g : groups.path("groups")) {
            for (JsonNode v : g.path("versions")) {
                groupVersions.add(v.path("groupVersion").asText());
            }
        }
        for (String gv : groupVersions) {
            String prefix = gv.equals("v1") ? "/api/v1" : "/apis/" + gv;
            for (JsonNode res : get(prefix).path("resources")) {
                String name = res.path("name").asText();
                if (name.contains("/")) {
                    continue; // subresources
                }
                boolean namespaced = res.path("namespaced").asBoolean();
                String path = prefix + (namespaced ? "/namespaces/{ns}/" : "/") + name;
                resources.putIfAbsent(gv + "|" + res.path("kind").asText(), new Resource(path, namespaced));
            }
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> resp = send("GET", path, null);
        if (resp.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": HTTP " + resp.statusCode() + " " + resp.body());
        }
        try {
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String message(HttpResponse<String> resp) {
        try {
            JsonNode status = JSON.readTree(resp.body());
            return status.path("message").asText(resp.body());
        } catch (IOException e) {
            return "HTTP " + resp.statusCode() + ": " + resp.body();
        }
    }

    private static SSLContext ssl(Path caCert) {
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("kapi-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new AssertionError("cannot trust " + caCert + ": " + e, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
