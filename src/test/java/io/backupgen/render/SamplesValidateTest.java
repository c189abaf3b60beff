package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.ExistingObjects;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.SharedSchemas;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every sample's rendered tree passes backupgen's own validator: strict schemas of both versions, and offline. */
class SamplesValidateTest {

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    private static String[] validate(String version, Path... paths) {
        List<String> args = new ArrayList<>(List.of("validate", "--summary", "--kubernetes-version", version));
        args.addAll(SharedSchemas.args());
        for (Path p : paths) {
            args.add(p.toString());
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void renderedBaseAndItsKustomizeBuildAreValid(Path sample, @TempDir Path out) throws Exception {
        // render itself validates with the schema layer when given locations
        for (String v : KubeSchemas.VERSIONS) {
            List<String> args = new ArrayList<>(List.of("render", "-f", sample.toString(), "-o", out.toString(),
                    "--force", "--kubernetes-version", v.substring(1)));
            args.addAll(SharedSchemas.args());
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
        }
        Tools.Result build = Tools.run(out, Tools.require("kubectl", "kubectl").toString(), "kustomize", "k8s/base");
        assertThat(build.exitCode()).as(build.err()).isZero();
        Path built = out.resolve("built.yaml");
        Files.writeString(built, build.out());
        // A claim or ServiceAccount the spec says exists is not in the set: validate is told so.
        List<String> existing = ExistingObjects.of(io.backupgen.spec.SpecLoader.forSpecFile(sample).load(sample), null);
        for (String v : KubeSchemas.VERSIONS) {
            List<String> args = new ArrayList<>(List.of(validate(v.substring(1), out.resolve("k8s/base"), built)));
            args.addAll(1, ExistingObjects.validateArgs(existing));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("Invalid: 0, Errors: 0");
            ExistingObjects.assertOnlyTheseAreExternal(r.out(), existing);
        }
        // the real kubeconform (../shared/bin) agrees, every time
        for (String v : KubeSchemas.VERSIONS) {
            List<io.backupgen.testing.Kubeconform.Verdict> kc = io.backupgen.testing.Kubeconform.run(v.substring(1),
                    List.of(), List.of(built));
            assertThat(kc).as("kubeconform %s", v).isNotEmpty()
                    .allSatisfy(x -> assertThat(x.status()).as(x.toString()).isIn("valid", "empty", ""));
        }
        // and so do the built-in schemas, offline, with no flags
        List<String> offlineArgs = new ArrayList<>(List.of("validate", "--summary"));
        offlineArgs.addAll(ExistingObjects.validateArgs(existing));
        offlineArgs.addAll(List.of(out.resolve("k8s/base").toString(), built.toString()));
        CliRun offline = CliRun.of(offlineArgs.toArray(String[]::new));
        assertThat(offline.exitCode()).as(offline.toString()).isZero();
        assertThat(offline.out()).contains("Invalid: 0, Errors: 0");
    }
}
