package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.Golden;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample, rendered through the real CLI: golden bytes, idempotency, kustomize, strict schemas. */
class SamplesRenderTest {

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    private static Path render(Path sample, Path out) {
        CliRun r = CliRun.of("render", "-f", sample.toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void matchesGoldenTree(Path sample, @TempDir Path out) {
        render(sample, out);
        Golden.assertTreeMatches(out, Repo.root().resolve("src/test/resources/golden").resolve(Repo.sampleName(sample)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void renderingTwiceGivesTheSameBytesAndChangesNothing(Path sample, @TempDir Path a, @TempDir Path b)
            throws Exception {
        render(sample, a);
        render(sample, b);
        for (String f : Golden.files(a)) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
        }
        assertThat(Golden.files(b)).isEqualTo(Golden.files(a));
        CliRun again = CliRun.of("render", "-f", sample.toString(), "-o", a.toString(), "--format", "all");
        assertThat(again.out()).contains("0 created, 0 updated");
        assertThat(CliRun.of("render", "-f", sample.toString(), "-o", a.toString(), "--format", "all", "--check")
                .exitCode()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void kustomizeBuildsAndObjectsPassStrictSchemas(Path sample, @TempDir Path out) {
        Path kubectl = Tools.require("kubectl", "kubectl");
        render(sample, out);
        Tools.Result build = Tools.run(out, kubectl.toString(), "kustomize", "k8s/base");
        assertThat(build.exitCode()).as(build.err()).isZero();
        // The PVC and the ServiceAccount are rendered unless the spec names existing ones.
        List<String> kinds = new java.util.ArrayList<>(List.of("CronJob", "PersistentVolumeClaim", "ConfigMap",
                "ServiceAccount"));
        io.backupgen.testing.ExistingObjects.of(io.backupgen.spec.SpecLoader.forSpecFile(sample).load(sample), null)
                .forEach(o -> kinds.remove(o.substring(0, o.indexOf(' '))));
        if (io.backupgen.spec.SpecLoader.forSpecFile(sample).load(sample).spec().storage().scratch()) {
            kinds.remove("PersistentVolumeClaim"); // storage.mode scratch: emptyDirs, the bucket holds the backups
        }
        assertThat(KubeSchemas.documents(build.out())).extracting(d -> d.path("kind").asText())
                .containsAll(kinds);
        for (String version : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(build.out(), version)).as("%s against %s", sample, version).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void stdoutStreamHoldsTheSameObjectsAsTheBase(Path sample, @TempDir Path out) {
        render(sample, out);
        Tools.Result build = Tools.run(out, Tools.require("kubectl", "kubectl").toString(), "kustomize", "k8s/base");
        CliRun stdout = CliRun.of("render", "-f", sample.toString(), "--stdout");
        assertThat(stdout.exitCode()).as(stdout.toString()).isZero();
        // kustomize sorts and may add the namespace; compare as sets of objects, namespace aside.
        var fromStdout = KubeSchemas.documents(stdout.out()).stream().map(SamplesRenderTest::withoutNamespace)
                .toList();
        var fromKustomize = KubeSchemas.documents(build.out()).stream().map(SamplesRenderTest::withoutNamespace)
                .toList();
        assertThat(fromStdout).containsExactlyInAnyOrderElementsOf(fromKustomize);
    }

    private static com.fasterxml.jackson.databind.JsonNode withoutNamespace(com.fasterxml.jackson.databind.JsonNode n) {
        var copy = n.deepCopy();
        String ns = copy.path("metadata").path("namespace").asText("");
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy.get("metadata")).remove("namespace");
        // kustomize's namespace also fills in a binding's ServiceAccount subjects.
        for (var s : copy.path("subjects")) {
            if (s.path("namespace").asText("").equals(ns)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove("namespace");
            }
        }
        return copy;
    }
}
