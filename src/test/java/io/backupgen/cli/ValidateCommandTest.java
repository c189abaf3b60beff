package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.SharedSchemas;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    static final String GOOD = "src/test/resources/validate/good";
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String stdin, List<String> args) {
        CommandLine cl = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true));
        if (stdin != null) {
            ((ValidateCommand) cl.getSubcommands().get("validate").getCommand()).stdin =
                    new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        }
        return cl.execute(args.toArray(String[]::new));
    }

    int run(String... args) {
        return run(null, List.of(args));
    }

    @Test
    void goodTreeIsValidOfflineAndWithSharedSchemasForBothVersions(@TempDir Path cache) {
        assertThat(run("validate", GOOD)).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).isEqualTo(
                "Summary: 8 resources found in 5 files - Valid: 7, Invalid: 0, Errors: 0, Skipped: 1\n");
        for (String version : List.of("1.31.0", "v1.36.0")) {
            List<String> args = new ArrayList<>(List.of("validate", "--kubernetes-version", version, "--cache-dir", cache.toString()));
            args.addAll(SharedSchemas.args());
            args.add(GOOD);
            out.getBuffer().setLength(0);
            assertThat(run(null, args)).as(version).isEqualTo(ExitCode.OK);
            assertThat(out.toString()).contains("Valid: 7, Invalid: 0");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void findingsExitWithOneAndNameFileDocumentPathAndRule(@TempDir Path dir) throws Exception {
        String cronjobs = Files.readString(Path.of(GOOD, "backup-cronjob.yaml"))
                .replaceFirst("schedule: \"0 2 \\* \\* \\*\"", "schedule: \"0 0 2 * * *\"");
        Files.writeString(dir.resolve("backup-cronjob.yaml"), cronjobs);

        // the CronJobs alone reference a ConfigMap, PVC and ServiceAccount defined elsewhere
        assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains(dir.resolve("backup-cronjob.yaml") + ":13: CronJob/acme-shop-backup-daily:"
                + " spec.schedule: \"0 0 2 * * *\" has 6 fields: looks like a Quartz/Spring expression")
                .contains("(ref-pvc)", "(ref-serviceaccount)", "(ref-configmap)");

        out.getBuffer().setLength(0);
        assertThat(run("validate", "--allow-external-refs", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString().lines().filter(l -> !l.contains("warning:") && !l.startsWith("Summary")))
                .singleElement().asString().endsWith("(cron)");
    }

    @Test
    void stdinIsReadAndJsonOutputParses() throws Exception {
        String kustomizeBuild = String.join("---\n", Files.readString(Path.of(GOOD, "backup-configmap.yaml")),
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n");
        assertThat(run(kustomizeBuild, List.of("validate", "-o", "json", "-"))).isEqualTo(ExitCode.FINDINGS);

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.at("/summary/resources").asInt()).isEqualTo(3);
        assertThat(root.at("/resources/2/source").asText()).isEqualTo("-");
        assertThat(root.at("/resources/2/status").asText()).isEqualTo("invalid");
        assertThat(root.at("/resources/2/findings/0/rule").asText()).isEqualTo("name-dns1123");
        assertThat(root.at("/resources/2/findings/0/path").asText()).isEqualTo("metadata.name");
    }

    @Test
    void junitOutputIsXml() throws Exception {
        assertThat(run("validate", "--output", "junit", GOOD)).isEqualTo(ExitCode.OK);
        var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(5);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(8);
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void usageProblemsExitWithTwo(@TempDir Path dir) {
        assertThat(run("validate")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("PATH");
        assertThat(run("validate", "--output", "xml", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", dir.resolve("missing.yaml").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("no such file or directory");
        assertThat(run("validate", "--kubernetes-version", "latest", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("invalid Kubernetes version 'latest'");
        assertThat(run("validate", "--schema-location", "/s/{{ .Kind }}.json", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        assertThat(run("validate", "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("--schema-location", "--strict-kinds", "text, json or junit",
                "Examples:", "Exit codes:", "1  findings");
    }

    @Test
    void strictKindsMakesUnknownKindsErrors(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Skipped: 1");
        assertThat(run("validate", "--strict-kinds", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("Widget/w: no schema found for example.com/v1 Widget", "(kind-unknown)");
    }
}
