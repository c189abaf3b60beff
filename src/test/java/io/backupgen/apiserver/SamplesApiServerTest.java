package io.backupgen.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Everything backupgen renders for every sample is accepted by a real API server (server-side dry
 * run, strict field validation): the kustomize base and every overlay as {@code kubectl kustomize}
 * builds them, and the Helm chart as {@code helm template} renders it with each values file.
 */
class SamplesApiServerTest {

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyRenderedObjectIsAcceptedByTheApiServer(Path sample, @TempDir Path out) throws Exception {
        CliRun r = CliRun.of("render", "-f", sample.toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();

        List<String> streams = new ArrayList<>();
        String kubectl = Tools.require("kubectl", "kubectl").toString();
        List<Path> kustomizations = new ArrayList<>(List.of(out.resolve("k8s/base")));
        Path overlays = out.resolve("k8s/overlays");
        if (Files.isDirectory(overlays)) {
            try (Stream<Path> s = Files.list(overlays)) {
                s.sorted().forEach(kustomizations::add);
            }
        }
        for (Path k : kustomizations) {
            Tools.Result build = Tools.run(out, kubectl, "kustomize", k.toString());
            assertThat(build.exitCode()).as("kubectl kustomize %s: %s", k, build.err()).isZero();
            streams.add(build.out());
        }
        Path chart;
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            chart = s.findFirst().orElseThrow();
        }
        streams.add(HelmCharts.template(chart, null));
        try (Stream<Path> s = Files.list(chart)) {
            for (Path values : s.filter(p -> p.getFileName().toString().startsWith("values-")).sorted().toList()) {
                streams.add(HelmCharts.template(chart, values));
            }
        }

        KubeApiServer api = KubeApiServer.shared();
        List<String> verdicts = new ArrayList<>();
        int objects = 0;
        for (String stream : streams) {
            for (ObjectNode o : Manifests.parse(stream)) {
                objects++;
                KubeApiServer.Verdict v = api.dryRun(o);
                if (!v.accepted()) {
                    verdicts.add(v.toString());
                }
            }
        }
        assertThat(objects).as("objects dry-run").isGreaterThan(5);
        assertThat(verdicts).as("objects of %s the API server did not accept", sample.getFileName()).isEmpty();
    }
}
