package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.ModelBuilder;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.ExistingObjects;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.SharedSchemas;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s/overlays/&lt;env&gt;, built by the real {@code kubectl kustomize}: valid against the strict
 * Kubernetes schemas, and exactly the objects the environment's own model renders.
 */
class OverlaysTest {

    static Stream<Arguments> sampleEnvironments() {
        List<Arguments> out = new ArrayList<>();
        for (Path sample : Repo.samples()) {
            for (String env : SpecLoader.forSpecFile(sample).load(sample).environmentNames()) {
                out.add(Arguments.of(Repo.sampleName(sample), env));
            }
        }
        return out.stream();
    }

    @Test
    void samplesExerciseEnvironments() {
        assertThat(sampleEnvironments().map(a -> a.get()[0]).distinct().count())
                .as("samples with environments").isGreaterThanOrEqualTo(2);
    }

    private static Path sample(String name) {
        return Repo.root().resolve("samples").resolve(name + ".yaml");
    }

    private static String kustomize(Path dir, String overlay) {
        Tools.Result build = Tools.run(dir, Tools.require("kubectl", "kubectl").toString(), "kustomize", overlay);
        assertThat(build.exitCode()).as("kubectl kustomize %s: %s", overlay, build.err()).isZero();
        return build.out();
    }

    private static void render(Path spec, Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("render", "-f", spec.toString(), "-o", out.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** What the overlay must build to: the base templates rendered from the environment's own model. */
    static Map<String, ObjectNode> expectedObjects(Path spec, String env) {
        LoadedSpec loaded = SpecLoader.forSpecFile(spec).load(spec);
        LoadedSpec.Environment e = loaded.environments().get(env);
        BackupModel model = ModelBuilder.build(e.spec(),
                new ModelBuilder.Context(spec.getFileName().toString(), e.namespace(), e.suspend()));
        return KubeObjects.byKey(KustomizeRenderer.objects(model).stream()
                .map(o -> Manifests.withNamespace(o, e.namespace())).toList());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sampleEnvironments")
    void overlayBuildsIsStrictlyValidAndEqualsTheEnvironmentsModel(String sample, String env, @TempDir Path out) {
        render(sample(sample), out);
        String built = kustomize(out, "k8s/overlays/" + env);
        for (String version : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(built, version)).as("%s/%s against %s", sample, env, version).isEmpty();
        }
        // And through the product's own validator, strictly, for both versions.
        Path file = out.resolve("built-" + env + ".yaml");
        try {
            Files.writeString(file, built);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> existing = ExistingObjects.of(SpecLoader.forSpecFile(sample(sample)).load(sample(sample)), env);
        for (String version : KubeSchemas.VERSIONS) {
            List<String> args = new ArrayList<>(List.of("validate", "--kubernetes-version", version.substring(1)));
            args.addAll(SharedSchemas.args());
            args.addAll(ExistingObjects.validateArgs(existing));
            args.add(file.toString());
            CliRun validate = CliRun.of(args.toArray(String[]::new));
            assertThat(validate.exitCode()).as("backupgen validate %s/%s for %s: %s", sample, env, version, validate)
                    .isZero();
            ExistingObjects.assertOnlyTheseAreExternal(validate.out(), existing);
        }
        KubeObjects.assertSameObjects(sample + " overlay " + env, KubeObjects.byKey(built),
                expectedObjects(sample(sample), env));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sampleEnvironments")
    void envStdoutPrintsWhatTheOverlayBuilds(String sample, String env, @TempDir Path out) {
        render(sample(sample), out);
        CliRun r = CliRun.of("render", "-f", sample(sample).toString(), "--env", env, "--stdout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        KubeObjects.assertSameObjects("--env " + env + " --stdout", KubeObjects.byKey(r.out()),
                KubeObjects.byKey(kustomize(out, "k8s/overlays/" + env)));
    }

    @Test
    void overlaysHoldPatchesNotCopiesOfTheBase(@TempDir Path out) throws Exception {
        render(sample("production"), out);
        Path staging = out.resolve("k8s/overlays/staging");
        String kustomization = Files.readString(staging.resolve("kustomization.yaml"));
        assertThat(kustomization).contains("- ../../base", "namespace: billing-staging");
        try (Stream<Path> files = Files.walk(staging)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                // Only the kustomization and JSON patches: no object is repeated from the base.
                assertThat(text).as(f.toString()).doesNotContainPattern("(?m)^kind: (CronJob|ConfigMap|PersistentVolumeClaim|ServiceAccount)$")
                        .doesNotContain("#!/bin/sh");
            }
        }
        String daily = Files.readString(staging.resolve("patches/cronjob-billing-backup-daily.yaml"));
        assertThat(daily).contains("path: /spec/schedule", "value: 0 6 * * *");
        assertThat(Files.exists(staging.resolve("patches/cronjob-billing-backup-weekly.yaml")))
                .as("weekly is the same in staging and the base, so it has no patch").isFalse();
    }

    /** A tier only the environment enables is added whole; one only the base enables is deleted. */
    @Test
    void environmentsCanAddAndRemoveWholeObjects(@TempDir Path out) throws Exception {
        Path spec = out.resolve("backupgen.yaml");
        Files.writeString(spec, """
                apiVersion: backupgen.io/v1alpha1
                kind: BackupSpec
                project:
                  name: Shop
                tiers:
                  monthly:
                    enabled: false
                environments:
                  prod:
                    namespace: shop-prod
                    tiers:
                      monthly: {enabled: true}
                      weekly: {enabled: false}
                """);
        render(spec, out);
        assertThat(out.resolve("k8s/overlays/prod/cronjob-shop-backup-monthly.yaml")).exists();
        assertThat(out.resolve("k8s/overlays/prod/patches/delete-cronjob-shop-backup-weekly.yaml")).exists();
        String built = kustomize(out, "k8s/overlays/prod");
        KubeObjects.assertSameObjects("prod", KubeObjects.byKey(built), expectedObjects(spec, "prod"));
        assertThat(KubeObjects.byKey(built)).containsKey("CronJob/shop-backup-monthly")
                .doesNotContainKey("CronJob/shop-backup-weekly");
    }

    @Test
    void unknownEnvironmentIsAUsageErrorThatListsTheDefinedOnes() {
        CliRun r = CliRun.of("render", "-f", sample("production").toString(), "--env", "stagign", "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown environment 'stagign'", "production, staging",
                "did you mean 'staging'?");
        CliRun none = CliRun.of("render", "-f", sample("long-names").toString(), "--env", "staging", "--stdout");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("defines no environments");
    }

    @Test
    void envWithoutStdoutWritesTheBaseAndThatOverlayAndLeavesTheOthersAlone(@TempDir Path out) throws Exception {
        render(sample("production"), out);
        Path prodKustomization = out.resolve("k8s/overlays/production/kustomization.yaml");
        Files.delete(out.resolve("k8s/overlays/staging/kustomization.yaml"));
        String before = Files.readString(prodKustomization);

        CliRun r = CliRun.of("render", "-f", sample("production").toString(), "-o", out.toString(), "--env", "staging");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("1 created", "0 removed");
        assertThat(out.resolve("k8s/overlays/staging/kustomization.yaml")).exists();
        assertThat(Files.readString(prodKustomization)).isEqualTo(before);
        assertThat(CliRun.of("render", "-f", sample("production").toString(), "-o", out.toString(), "--env",
                "staging", "--check").exitCode()).isZero();
    }

    @Test
    void anEnvironmentRemovedFromTheSpecLosesItsOverlayAndValuesFile(@TempDir Path out) throws Exception {
        Path spec = out.resolve("backupgen.yaml");
        String withStaging = Files.readString(sample("minimal"));
        Files.writeString(spec, withStaging);
        render(spec, out, "--format", "all");
        assertThat(out.resolve("k8s/overlays/staging/kustomization.yaml")).exists();
        Files.writeString(spec, withStaging.substring(0, withStaging.indexOf("  staging:"))
                + withStaging.substring(withStaging.indexOf("  production:")));
        render(spec, out, "--format", "all");
        assertThat(out.resolve("k8s/overlays/staging")).doesNotExist();
        assertThat(out.resolve("charts/acme-shop/values-staging.yaml")).doesNotExist();
        assertThat(out.resolve("k8s/overlays/production/kustomization.yaml")).exists();
    }
}
