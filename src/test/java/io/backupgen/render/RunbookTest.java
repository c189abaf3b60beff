package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.Golden;
import io.backupgen.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * k8s/RUNBOOK.md names this project's real objects, and its commands work: every {@code backupgen} command
 * line in it prints a Job when run, every CronJob it names is rendered. README's restore section is the
 * runbook's commands for samples/production.yaml (re-record with -Dgolden.update=true).
 */
class RunbookTest {

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    private static final Pattern BACKUPGEN = Pattern.compile("\\$\\(backupgen ([^|]+) \\| kubectl create -f - -o name\\)");
    private static final Pattern CRONJOB = Pattern.compile("--from=cronjob/([a-z0-9-]+)|CronJob `([a-z0-9-]+)`");

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void theRunbookNamesTheProjectsObjectsAndItsCommandsWork(Path sample, @TempDir Path out) throws IOException {
        CliRun render = CliRun.of("render", "-f", sample.toString(), "-o", out.toString(), "--format", "all");
        assertThat(render.exitCode()).as(render.toString()).isZero();
        String runbook = Files.readString(out.resolve("k8s/RUNBOOK.md"));
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        BackupModel m = RenderPipeline.model(loaded);
        String primary = Runbook.primary(RenderPipeline.environmentModels(loaded));
        BackupModel target = primary == null ? m : RenderPipeline.model(loaded, primary);

        assertThat(runbook).contains("# " + m.projectName() + " backups: runbook", target.storage().scratch()
                        ? "There is no backup volume (`storage.mode: scratch`)" : "PVC `" + target.names().pvc() + "`",
                "Secret `" + target.names().credentialsSecret() + "`", "database `" + target.database().name() + "`",
                "## Who needs which database privileges", "## Alerts");
        if (target.offsiteEnabled()) {
            assertThat(runbook).contains("## Off-site copies", "bucket `" + target.offsite().setting("OFFSITE_BUCKET") + "`",
                    "backupgen restore " , "--from offsite");
        }
        // The alerts are the PrometheusRule's: one heading per alert (the runbook_url anchor), or a note when off.
        if (target.alerts().enabled()) {
            assertThat(target.alerts().rules()).isNotEmpty();
            for (var rule : target.alerts().rules()) {
                assertThat(runbook).contains("\n### " + rule.alert() + "\n", rule.annotations().get("summary"));
            }
        } else {
            assertThat(runbook).contains("No alerts are rendered for this project (`alerts.enabled` is off)");
        }
        for (BackupModel.Job j : target.backupJobs()) {
            assertThat(runbook).contains("CronJob `" + j.name() + "`");
        }
        if (!target.namespace().isEmpty()) {
            assertThat(runbook).contains("kubectl logs -n " + target.namespace() + " -f");
        }

        // Every backupgen command line prints a valid Job (run from the spec's folder: -f is the file name).
        Matcher cmd = BACKUPGEN.matcher(runbook);
        List<String> commands = new ArrayList<>();
        while (cmd.find()) {
            List<String> args = new ArrayList<>(Arrays.asList(cmd.group(1).split(" ")));
            assertThat(args.get(args.indexOf("-f") + 1)).isEqualTo(sample.getFileName().toString());
            args.set(args.indexOf("-f") + 1, sample.toString());
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(cmd.group(1) + "\n" + r).isZero();
            assertThat(Manifests.parse(r.out())).hasSize(1);
            commands.add(args.get(0));
        }
        assertThat(commands).contains("list", "restore", "backup-now");
        // Every CronJob it names, or a kubectl line starts from, is rendered.
        List<String> cronJobs = Manifests.parse(primary == null ? RenderPipeline.objectStream(loaded)
                        : RenderPipeline.objectStream(loaded, primary)).stream()
                .filter(o -> o.path("kind").asText().equals("CronJob"))
                .map(o -> o.path("metadata").path("name").asText()).toList();
        Matcher cron = CRONJOB.matcher(runbook);
        while (cron.find()) {
            assertThat(cronJobs).contains(cron.group(1) != null ? cron.group(1) : cron.group(2));
        }

        // The chart's README carries the same runbook, one heading level down.
        Path chart;
        try (Stream<Path> s = Files.list(out.resolve("charts"))) {
            chart = s.findFirst().orElseThrow();
        }
        String readme = Files.readString(chart.resolve("README.md"));
        String body = runbook.substring(runbook.indexOf("# " + m.projectName() + " backups: runbook"));
        assertThat(readme).contains(body.replaceAll("(?m)^#", "##"));
    }

    @Test
    void withoutEnvironmentsTheCommandsAreTheSpecsOwn() {
        Path sample = Repo.root().resolve("samples/long-names.yaml");
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        String runbook = Runbook.markdown(RenderPipeline.model(loaded), RenderPipeline.environmentModels(loaded), 1);
        assertThat(runbook).contains("backupgen restore -f long-names.yaml --force |").doesNotContain("--env");
    }

    @Test
    void readmeRestoreSectionIsTheRunbooksCommands() throws IOException {
        Path sample = Repo.root().resolve("samples/production.yaml");
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        String commands = Runbook.commands(RenderPipeline.model(loaded), RenderPipeline.environmentModels(loaded), 2);
        Path readme = Repo.root().resolve("README.md");
        String text = Files.readString(readme);
        String start = "<!-- runbook-commands: samples/production.yaml -->\n";
        String end = "<!-- /runbook-commands -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from).as("README.md has the marker %s", start.strip()).isPositive();
        assertThat(to).isGreaterThan(from);
        String current = text.substring(from + start.length(), to);
        if (Boolean.getBoolean(Golden.UPDATE_PROPERTY) && !current.equals(commands)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("refusing -Dgolden.update=true under CI=true");
            }
            Files.writeString(readme, text.substring(0, from + start.length()) + commands + text.substring(to));
            return;
        }
        assertThat(current).as("README's restore section is the runbook's commands for samples/production.yaml;"
                + " re-record with -D%s=true", Golden.UPDATE_PROPERTY).isEqualTo(commands);
    }
}
