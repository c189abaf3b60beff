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
        assertThat(run("validate", "--summary", GOOD)).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).isEqualTo(
                "Summary: 8 resources found in 5 files - Valid: 7, Invalid: 0, Errors: 0, Skipped: 1\n");
        for (String version : List.of("1.31.0", "v1.36.0")) {
            List<String> args = new ArrayList<>(List.of("validate", "--summary", "--kubernetes-version", version,
                    "--cache-dir", cache.toString()));
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
        assertThat(out.toString().lines().filter(l -> !l.contains("warning:")))
                .singleElement().asString().endsWith("(cron)");
    }

    @Test
    void stdinIsReadAndJsonOutputParses() throws Exception {
        String kustomizeBuild = String.join("---\n", Files.readString(Path.of(GOOD, "backup-configmap.yaml")),
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: Bad_Name\n");
        assertThat(run(kustomizeBuild, List.of("validate", "-o", "json", "--summary", "--verbose", "-")))
                .isEqualTo(ExitCode.FINDINGS);

        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.at("/summary/resources").asInt()).isEqualTo(3);
        assertThat(root.at("/resources/2/filename").asText()).isEqualTo("-");
        assertThat(root.at("/resources/2/status").asText()).isEqualTo("statusInvalid");
        assertThat(root.at("/resources/2/validationErrors/0/path").asText()).isEqualTo("/metadata/name");
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
        assertThat(err.toString()).contains("invalid Kubernetes version 'latest'", "1.29.0, 1.30.0");
        assertThat(run("validate", "--kubernetes-version", "1.x", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", "--kubernetes-version", "banana", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", "--kubernetes-version", "1.26.0", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("no built-in schemas for Kubernetes 1.26.0", "1.36.0", "--schema-location")
                .doesNotContain("Exception", "\tat ");
        assertThat(run("validate", "-n", "0", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", "--http-timeout", "0", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", "--ignore-filename-pattern", "[", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(run("validate", "--schema-location", "/s/{{ .Kind }}.json", GOOD)).isEqualTo(ExitCode.USAGE);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpShowsExamplesAndExitCodes() {
        assertThat(run("validate", "--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("--schema-location", "--ignore-missing-schemas", "--strict", "--summary",
                "--skip", "--reject", "--ignore-filename-pattern", "-n=N", "--kubernetes-version", "1.29.0 to 1.36.0",
                "text, json or junit", "Examples:", "Exit codes:", "1  findings");
    }

    @Test
    void aKindWithNoSchemaAnywhereFailsUnlessIgnored(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("w.yaml"), "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
        assertThat(run("validate", "--summary", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("Widget/w: could not find schema for Widget (example.com/v1)", "(schema-missing)",
                "Errors: 1");
        out.getBuffer().setLength(0);
        assertThat(run("validate", "--summary", "--ignore-missing-schemas", dir.toString())).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Skipped: 1");
    }

    @Test
    void aMistypedSchemaLocationStillValidatesWithTheBuiltInSchemas(@TempDir Path dir) throws Exception {
        // kubeconform fails closed here ("could not find schema"); backupgen falls through to what it carries
        Files.writeString(dir.resolve("bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n");
        assertThat(run("validate", "--schema-location", dir.resolve("no-such-dir").toString(), dir.toString()))
                .isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("data.a: expected string, got integer (schema)");
    }

    @Test
    void garbageApiVersionIsAnErrorNotASkip(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("g.yaml"), "apiVersion: \"!!garbage\"\nkind: ConfigMap\nmetadata: {name: c}\n");
        assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("could not find schema for ConfigMap (!!garbage)");
    }

    @Test
    void emptyInputIsAnErrorNeverAPass() {
        assertThat(run("", List.of("validate", "-"))).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("no documents found in -", "the command before the pipe failed");
        assertThat(run("# only a comment\n---\n", List.of("validate", "-"))).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void oneBadFileIsOneErrorResultAndTheOthersAreStillValidated(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a.yaml"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, '\n'});
        Files.write(dir.resolve("b.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n");

        assertThat(run("validate", "--summary", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains(dir.resolve("a.yaml") + ":1: <no kind>/<no name>: binary data",
                dir.resolve("b.yaml") + ":3: ConfigMap/<no name>: not UTF-8: invalid byte 0xE9",
                dir.resolve("c.yaml") + ":4: ConfigMap/c: data.a: expected string, got integer (schema)",
                "Summary: 3 resources found in 3 files - Valid: 0, Invalid: 1, Errors: 2, Skipped: 0");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void secretDataIsNeverPrinted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("s.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\n"
                + "stringData: {password: 12345, token: [\"s3cr3t-token\"]}\ntype: Opaque\n");
        for (String format : List.of("text", "json", "junit")) {
            out.getBuffer().setLength(0);
            assertThat(run("validate", "-o", format, dir.toString())).isEqualTo(ExitCode.FINDINGS);
            assertThat(out.toString()).as(format).contains("password").doesNotContain("12345", "s3cr3t-token");
        }
        assertThat(out.toString()).contains("expected string, got integer");
    }

    @Test
    void skipRejectAndIgnoreFilenamePatternAsKubeconform(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n");
        Files.writeString(dir.resolve("sa.yaml"), "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s}\n");
        Files.writeString(dir.resolve("generated.yaml"), "not: [valid\n");

        assertThat(run("validate", "--summary", "--skip", "ConfigMap", "--ignore-filename-pattern", "gener", dir.toString()))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("2 resources found in 2 files - Valid: 1, Invalid: 0, Errors: 0, Skipped: 1");
        out.getBuffer().setLength(0);
        assertThat(run("validate", "--reject", "v1/ServiceAccount", "--skip", "ConfigMap", "--ignore-filename-pattern",
                "generated\\.yaml$", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("ServiceAccount/s: kind: prohibited resource kind ServiceAccount (--reject)");
    }

    @Test
    void strictFalseAllowsUnknownFieldsAndParallelismChangesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, colour: blue}\n");
        assertThat(run("validate", dir.toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("metadata.colour: unknown field \"colour\"");
        assertThat(run("validate", "--strict=false", dir.toString())).isEqualTo(ExitCode.OK);

        out.getBuffer().setLength(0);
        run("validate", "-o", "json", "--verbose", "-n", "1", GOOD);
        String one = out.toString();
        out.getBuffer().setLength(0);
        run("validate", "-o", "json", "--verbose", "-n", "8", GOOD);
        assertThat(out.toString()).isEqualTo(one);
    }

    @Test
    void aSchemaDownloadFailureSaysTheUrlAndTheCause(@TempDir Path dir) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        String url = "http://127.0.0.1:" + port + "/schemas";
        assertThat(run("validate", "--http-timeout", "5", "--cache-dir", dir.resolve("cache").toString(),
                "--schema-location", url, dir.resolve("cm.yaml").toString())).isEqualTo(ExitCode.FINDINGS);
        assertThat(out.toString()).contains("cannot download schema " + url + "/v" + io.backupgen.validate.BuiltInSchemas.newest()
                + "-standalone-strict/configmap-v1.json: connection refused", "(schema-error)")
                .doesNotContain("java.net", "Exception");
    }

    @Test
    void theCarriedVersionsInTheHelpAreTheJarsOwn() {
        List<String> v = io.backupgen.validate.BuiltInSchemas.versions();
        assertThat(SchemaOptions.CARRIED).isEqualTo(v.get(0) + " to " + v.get(v.size() - 1));
        assertThat(v).contains("1.29.0", "1.30.0", "1.31.0", "1.32.0", "1.33.0", "1.34.0", "1.35.0");
    }
}
