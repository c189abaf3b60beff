package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the engine tests share: a spec rendered through the real CLI, strict schemas, the API server. */
final class EngineFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile boolean objectStoreCrd;

    private EngineFixtures() {
    }

    /** Writes {@code body} (the spec after its header) to DIR/spec.yaml and renders it (--format all) into DIR/out. */
    static Path render(Path dir, String body) {
        try {
            Path spec = dir.resolve("spec.yaml");
            Files.writeString(spec, "apiVersion: " + SpecLoader.API_VERSION + "\nkind: " + SpecLoader.KIND + "\n" + body);
            Path out = dir.resolve("out");
            CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", out.toString(), "--format", "all");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path chart(Path out) {
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            return s.findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kustomize(Path out, String what) {
        Tools.Result build = Tools.run(out, Tools.require("kubectl", "kubectl").toString(), "kustomize", what);
        assertThat(build.exitCode()).as("kubectl kustomize %s: %s", what, build.err()).isZero();
        return build.out();
    }

    static List<ObjectNode> objects(Path file) {
        try {
            return Manifests.parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object passes its strict schema (CRDs from ../shared/k8s-schemas/crds) and the API server's dry run. */
    static void assertAccepted(String what, List<? extends JsonNode> objects) {
        String yaml = Manifests.stream(objects);
        for (String version : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(yaml, version)).as("%s against the %s schemas", what, version).isEmpty();
        }
        KubeApiServer api = KubeApiServer.shared();
        installObjectStoreCrd(api);
        List<String> refused = new ArrayList<>();
        for (JsonNode o : objects) {
            KubeApiServer.Verdict v = api.dryRun(o);
            if (!v.accepted()) {
                refused.add(v.toString());
            }
        }
        assertThat(refused).as("%s: objects the API server did not accept", what).isEmpty();
    }

    /**
     * The schema file is kubeconform's strict form of the upstream CRD's openAPIV3Schema; back to a
     * CRD's: no {@code additionalProperties: false} beside {@code properties} (the server's strict
     * field validation rejects unknown fields itself). And the API server here is 1.26: a CEL rule
     * holds {@code rule} and {@code message} only (reason, fieldPath and messageExpression came
     * later); the rules themselves are kept and enforced.
     */
    private static void for1dot26(JsonNode node) {
        if (node.isObject()) {
            if (node.has("properties") && node.path("additionalProperties").isBoolean()) {
                ((ObjectNode) node).remove("additionalProperties");
            }
            JsonNode rules = node.get("x-kubernetes-validations");
            if (rules != null) {
                rules.forEach(r -> ((ObjectNode) r).retain("rule", "message"));
            }
            node.elements().forEachRemaining(EngineFixtures::for1dot26);
        } else if (node.isArray()) {
            node.forEach(EngineFixtures::for1dot26);
        }
    }

    /**
     * The barman-cloud plugin's ObjectStore CRD, which ../shared/kube-apiserver/crds lacks: built from
     * its schema in ../shared/k8s-schemas/crds (the upstream CRD's openAPIV3Schema, CEL rules included)
     * and installed once per server.
     */
    static synchronized void installObjectStoreCrd(KubeApiServer api) {
        if (objectStoreCrd) {
            return;
        }
        try {
            JsonNode schema = JSON.readTree(Repo.shared().resolve("k8s-schemas/crds/barmancloud.cnpg.io/objectstore_v1.json")
                    .toFile());
            for1dot26(schema);
            ObjectNode crd = JSON.createObjectNode().put("apiVersion", "apiextensions.k8s.io/v1")
                    .put("kind", "CustomResourceDefinition");
            crd.putObject("metadata").put("name", "objectstores.barmancloud.cnpg.io");
            ObjectNode spec = crd.putObject("spec").put("group", "barmancloud.cnpg.io").put("scope", "Namespaced");
            spec.putObject("names").put("kind", "ObjectStore").put("listKind", "ObjectStoreList")
                    .put("plural", "objectstores").put("singular", "objectstore");
            ObjectNode v1 = spec.putArray("versions").addObject().put("name", "v1").put("served", true).put("storage", true);
            v1.putObject("schema").set("openAPIV3Schema", schema);
            v1.putObject("subresources").putObject("status");
            Path f = Files.createTempFile("objectstore-crd", ".json");
            Files.writeString(f, crd.toString());
            Tools.Result r = api.kubectl("apply", "--server-side", "-f", f.toString());
            assertThat(r.exitCode()).as("installing the ObjectStore CRD: %s", r.err()).isZero();
            Tools.Result w = api.kubectl("wait", "--for=condition=Established", "--timeout=60s",
                    "crd/objectstores.barmancloud.cnpg.io");
            for (int i = 0; i < 50 && w.exitCode() != 0; i++) {
                Thread.sleep(100);
                w = api.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/objectstores.barmancloud.cnpg.io");
            }
            assertThat(w.exitCode()).as("the ObjectStore CRD is established: %s", w.err()).isZero();
            Files.delete(f);
            objectStoreCrd = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
