package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.LintResult;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
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
 * charts/&lt;slug&gt; through real Helm (helm-java): lint --strict, and helm template equal, object for
 * object and field for field, to what kubectl kustomize builds from the base and each overlay.
 *
 * <p>Namespaces: kustomize sets metadata.namespace only when the spec (or environment) names one, and
 * the chart writes it from the project.namespace value under the same condition, so the comparison
 * needs no --namespace and ignores nothing. The chart adds no Helm labels (managed-by, helm.sh/chart),
 * so nothing is stripped from Helm's output either.
 */
class HelmChartTest {

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    static Stream<Arguments> sampleEnvironments() {
        List<Arguments> out = new ArrayList<>();
        for (Path sample : Repo.samples()) {
            for (String env : SpecLoader.forSpecFile(sample).load(sample).environmentNames()) {
                out.add(Arguments.of(Repo.sampleName(sample), env));
            }
        }
        return out.stream();
    }

    private static Path sample(String name) {
        return Repo.root().resolve("samples").resolve(name + ".yaml");
    }

    /** Renders the sample (kustomize and helm) into {@code out}; returns the chart directory. */
    private static Path render(Path spec, Path out) {
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Stream<Path> charts = Files.list(out.resolve("charts"))) {
            return charts.findFirst().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String kustomize(Path dir, String what) {
        Tools.Result build = Tools.run(dir, Tools.require("kubectl", "kubectl").toString(), "kustomize", what);
        assertThat(build.exitCode()).as("kubectl kustomize %s: %s", what, build.err()).isZero();
        return build.out();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void lintStrictPasses(Path sample, @TempDir Path out) {
        LintResult lint = HelmCharts.lintStrict(render(sample, out));
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("helm lint --strict messages")
                .allSatisfy(m -> assertThat(m).doesNotContain("[ERROR]", "[WARNING]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void defaultValuesGiveTheKustomizeBaseFieldForField(Path sample, @TempDir Path out) {
        Path chart = render(sample, out);
        String helm = HelmCharts.template(chart, null);
        for (String version : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(helm, version)).as("helm template against %s", version).isEmpty();
        }
        KubeObjects.assertSameObjects(sample + ": helm template (defaults) vs kustomize base",
                KubeObjects.byKey(helm), KubeObjects.byKey(kustomize(out, "k8s/base")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sampleEnvironments")
    void environmentValuesGiveThatOverlayFieldForField(String sample, String env, @TempDir Path out) {
        Path chart = render(sample(sample), out);
        String helm = HelmCharts.template(chart, chart.resolve("values-" + env + ".yaml"));
        KubeObjects.assertSameObjects(sample + ": helm template -f values-" + env + ".yaml vs overlay",
                KubeObjects.byKey(helm), KubeObjects.byKey(kustomize(out, "k8s/overlays/" + env)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void scriptsAreTheSameBytesAsInTheKustomizeBase(Path sample, @TempDir Path out) {
        Path chart = render(sample, out);
        Map<String, ObjectNode> helm = KubeObjects.byKey(HelmCharts.template(chart, null));
        Map<String, ObjectNode> base = KubeObjects.byKey(kustomize(out, "k8s/base"));
        String key = base.keySet().stream().filter(k -> k.startsWith("ConfigMap/") && k.endsWith("-backup-scripts"))
                .findFirst().orElseThrow();
        var baseData = base.get(key).get("data");
        assertThat(baseData.size()).isPositive();
        baseData.fieldNames().forEachRemaining(script -> assertThat(
                helm.get(key).path("data").path(script).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .as("%s in the chart", script)
                .isEqualTo(baseData.get(script).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void schemaRejectsAMisspeltValueAndAnOutOfRangeOne(@TempDir Path out) throws Exception {
        Path chart = render(sample("production"), out);
        Path typo = out.resolve("typo.yaml");
        Files.writeString(typo, "tiers:\n  daily:\n    keeep: 3\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, typo))
                .hasMessageContaining("keeep");
        Path range = out.resolve("range.yaml");
        Files.writeString(range, "tiers:\n  daily:\n    keep: 0\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, range))
                .hasMessageContaining("keep");
    }

    @Test
    void aTierDisabledInTheSpecIsOneValueAwayInTheChart(@TempDir Path out) throws Exception {
        Path chart = render(sample("minimal"), out);
        // minimal's staging disables monthly; its values file turns it off and values.yaml keeps all of it.
        assertThat(Files.readString(chart.resolve("values-staging.yaml"))).contains("monthly:\n    enabled: false");
        assertThat(KubeObjects.byKey(HelmCharts.template(chart, chart.resolve("values-staging.yaml"))))
                .doesNotContainKey("CronJob/acme-shop-backup-monthly").containsKey("CronJob/acme-shop-backup-daily");
    }

    /**
     * verify.mode changes the pod (credentials and a scratch volume, or neither): the chart carries both
     * variants, and the throwaway chart with --set verify.mode=server gives exactly the objects a spec with
     * verify.mode: server renders.
     */
    @Test
    void verifyModeServerIsOneValueAwayInTheChart(@TempDir Path out) throws Exception {
        Path chart = render(sample("production"), out.resolve("throwaway"));
        Path serverSpec = out.resolve("server.yaml");
        Files.writeString(serverSpec, Files.readString(sample("production")) + "verify:\n  mode: server\n");
        render(serverSpec, out.resolve("server"));
        Path values = out.resolve("server-values.yaml");
        Files.writeString(values, "verify:\n  mode: server\n");
        KubeObjects.assertSameObjects("helm template --set verify.mode=server vs a server-mode spec's base",
                KubeObjects.byKey(HelmCharts.template(chart, values)), KubeObjects.byKey(kustomize(out.resolve("server"),
                        "k8s/base")));
        var throwaway = KubeObjects.byKey(HelmCharts.template(chart, null));
        assertThat(throwaway.get("ConfigMap/billing-backup-config").path("data").has("VERIFY_SCRATCH_DB")).isFalse();
        String verifyPod = throwaway.get("CronJob/billing-backup-verify").path("spec").path("jobTemplate").toString();
        assertThat(verifyPod).contains("\"VERIFY_SCRATCH_DIR\"", "{\"name\":\"scratch\",\"emptyDir\":{\"sizeLimit\":\"100Gi\"}}")
                .doesNotContain("PGPASSWORD", "secretKeyRef");
    }

    @Test
    void oneDumpModeNotesNameTheOneCronJobAndItsTiers(@TempDir Path out) throws Exception {
        Path chart = render(sample("single"), out);
        String notes = HelmCharts.installDryRun(chart, "ledger");
        assertThat(notes).contains("CronJob ledger-backup: \"15 1 * * *\" (Europe/Berlin), one dump filed into daily"
                        + " (keeps 7) weekly (keeps 5) monthly (keeps 12)",
                "kubectl create job --from=cronjob/ledger-backup ledger-backup-manual -n ledger");
        // mode is one value away: separate gives the three tier CronJobs and no BACKUP_PROMOTE.
        Path separate = out.resolve("separate.yaml");
        Files.writeString(separate, "tiers:\n  mode: separate\n");
        var objects = KubeObjects.byKey(HelmCharts.template(chart, separate));
        assertThat(objects).containsKeys("CronJob/ledger-backup-daily", "CronJob/ledger-backup-weekly",
                "CronJob/ledger-backup-monthly").doesNotContainKey("CronJob/ledger-backup");
        assertThat(objects.get("ConfigMap/ledger-backup-config").path("data").has("BACKUP_PROMOTE")).isFalse();
        Path noDaily = out.resolve("nodaily.yaml");
        Files.writeString(noDaily, "tiers:\n  daily:\n    enabled: false\n");
        assertThatThrownBy(() -> HelmCharts.template(chart, noDaily)).hasMessageContaining("tiers.mode single");
    }

    @Test
    void notesSayHowToStartABackupAndARestore(@TempDir Path out) {
        String notes = HelmCharts.installDryRun(render(sample("production"), out), "billing-prod");
        assertThat(notes).contains("CronJob billing-backup-daily: \"30 0 * * *\" (Europe/Berlin), keeps 14",
                "kubectl create job --from=cronjob/billing-backup-daily billing-backup-manual -n billing-prod",
                "kubectl create job --from=cronjob/billing-backup-restore");
    }

    /** A literal "{{" in a script must reach the pod as is, not start a Helm action. */
    @Test
    void goTemplateSyntaxInAScriptSurvivesHelmByteForByte(@TempDir Path out) throws Exception {
        Path spec = Repo.root().resolve("samples/minimal.yaml");
        var loaded = SpecLoader.forSpecFile(spec).load(spec);
        var ctx = io.backupgen.model.ModelBuilder.Context.of("minimal.yaml");
        var m = io.backupgen.model.ModelBuilder.build(loaded.spec(), ctx);
        String script = "#!/bin/sh\necho '{{ .Values.project.slug }} {{- nope }}'\n";
        var withBraces = new io.backupgen.model.BackupModel(m.specFile(), m.projectName(), m.slug(), m.namespace(),
                m.names(), m.labels(), m.database(), m.image(), m.security(), m.storage(), m.config(), m.tiers(),
                m.restore(), m.verify(), Map.of("backup.sh", script), m.single(), m.serviceAccount(), m.networkPolicy());
        Path chart = out.resolve("chart");
        for (RenderedFile f : HelmChartRenderer.chart(new ChartValues.Source(withBraces,
                io.backupgen.model.ModelBuilder.allTiers(loaded.spec(), ctx), loaded.spec()), new java.util.TreeMap<>())) {
            Path target = out.resolve(f.path());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.content());
        }
        chart = out.resolve(HelmChartRenderer.chartDir(m));
        var objects = KubeObjects.byKey(HelmCharts.template(chart, null));
        assertThat(objects.get("ConfigMap/acme-shop-backup-scripts").path("data").path("backup.sh").asText())
                .isEqualTo(script);
    }
}
