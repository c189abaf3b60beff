package io.backupgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.document.DocumentReader;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every format is parsed back, not string-compared. */
class ResultWriterTest {
    static final String TEXT = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ok
            data: {a: "1"}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: bad
              labels: {tier: "<&>"}
            spec:
              schedule: "0 0 2 * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: "busybox:1.36"}]
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
            ---
            kind: [broken
            """;

    static ValidationReport report() {
        // Widget has no schema anywhere: skipped with --ignore-missing-schemas (an error without it)
        return new Validator(ValidatorOptions.defaults().withIgnoreMissingSchemas(true))
                .validate(DocumentReader.parse("m.yaml", TEXT));
    }

    static String write(OutputFormat f, ValidationReport r, ResultWriter.Options options) {
        StringWriter sw = new StringWriter();
        ResultWriter.of(f, new PrintWriter(sw), options).writeAll(r);
        return sw.toString();
    }

    @Test
    void textHasOneLinePerFindingAndTheSummaryWhenAsked() {
        String out = write(OutputFormat.TEXT, report(), new ResultWriter.Options(true, false));
        assertThat(out.lines()).contains(
                "m.yaml:11: CronJob/bad: metadata.labels.tier: label value \"<&>\" must be at most 63 characters,"
                        + " alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (label)",
                "Summary: 4 resources found in 1 file - Valid: 1, Invalid: 1, Errors: 1, Skipped: 1");
        assertThat(out.lines()).anyMatch(l -> l.startsWith("m.yaml:13: CronJob/bad: spec.schedule: ") && l.endsWith("(cron)"));
        assertThat(out.lines()).anyMatch(l -> l.startsWith("m.yaml:") && l.endsWith("(parse)"));
        // as kubeconform: no summary unless asked, valid documents only with --verbose
        String quiet = write(OutputFormat.TEXT, report(), ResultWriter.Options.DEFAULT);
        assertThat(quiet).doesNotContain("Summary:", "ConfigMap/ok");
        assertThat(write(OutputFormat.TEXT, report(), new ResultWriter.Options(false, true)))
                .contains("m.yaml:1: ConfigMap/ok: valid", "m.yaml:21: Widget/w: skipped");
    }

    @Test
    void jsonHasKubeconformsShapeWithBackupgensExtras() throws Exception {
        JsonNode root = new ObjectMapper().readTree(write(OutputFormat.JSON, report(), new ResultWriter.Options(true, true)));

        // kubeconform's fields, status words and JSON-pointer paths
        assertThat(root.at("/summary/valid").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/invalid").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/errors").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/skipped").asInt()).isEqualTo(1);
        JsonNode resources = root.get("resources");
        assertThat(resources).hasSize(4);
        assertThat(resources).extracting(r -> r.get("status").asText())
                .containsExactly("statusValid", "statusInvalid", "statusSkipped", "statusError");
        JsonNode bad = resources.get(1);
        assertThat(bad.get("filename").asText()).isEqualTo("m.yaml");
        assertThat(bad.get("kind").asText()).isEqualTo("CronJob");
        assertThat(bad.get("name").asText()).isEqualTo("bad");
        assertThat(bad.get("version").asText()).isEqualTo("batch/v1");
        assertThat(bad.get("msg").asText()).contains("metadata.labels.tier: label value", "spec.schedule: ");
        assertThat(bad.get("validationErrors")).extracting(e -> e.get("path").asText())
                .containsExactly("/metadata/labels/tier", "/spec/schedule");
        assertThat(bad.at("/validationErrors/0/msg").asText()).startsWith("label value \"<&>\"");
        // extras
        assertThat(bad.get("line").asInt()).isEqualTo(7);
        assertThat(bad.get("findings")).extracting(f -> f.get("rule").asText() + "@" + f.get("path").asText())
                .containsExactly("label@metadata.labels.tier", "cron@spec.schedule");
        assertThat(bad.at("/validationErrors/1/line").asInt()).isEqualTo(13);
        assertThat(resources.get(3).at("/findings/0/rule").asText()).isEqualTo("parse");
        assertThat(root.at("/summary/resources").asInt()).isEqualTo(4);
        assertThat(root.at("/summary/files").asInt()).isEqualTo(1);

        // without --verbose and --summary, as kubeconform: only what failed, no summary
        JsonNode quiet = new ObjectMapper().readTree(write(OutputFormat.JSON, report(), ResultWriter.Options.DEFAULT));
        assertThat(quiet.get("resources")).extracting(r -> r.get("status").asText())
                .containsExactly("statusInvalid", "statusError");
        assertThat(quiet.has("summary")).isFalse();
    }

    @Test
    void junitValidatesAgainstKubeconformsXsdAndNamesCasesAsKubeconformDoes() throws Exception {
        String xml = write(OutputFormat.JUNIT, report(), ResultWriter.Options.DEFAULT);
        javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(java.nio.file.Path.of("src/test/resources/report/junit.xsd").toFile())
                .newValidator()
                .validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(xml)));
        org.w3c.dom.Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("4");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        assertThat(suites.getAttribute("errors")).isEqualTo("1");
        assertThat(suites.getAttribute("disabled")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element bad = (Element) cases.item(1);
        assertThat(bad.getAttribute("name")).isEqualTo("bad");
        assertThat(bad.getAttribute("classname")).isEqualTo("CronJob@batch/v1");
        Element failure = (Element) bad.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("label");
        // escaped by the writer, unescaped by the parser
        assertThat(failure.getTextContent()).contains("label value \"<&>\"", "(cron)");
        assertThat(((Element) cases.item(2)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(((Element) cases.item(3)).getElementsByTagName("error").getLength()).isEqualTo(1);
        // the same input gives the same bytes
        assertThat(write(OutputFormat.JUNIT, report(), ResultWriter.Options.DEFAULT)).isEqualTo(xml);
    }

    @Test
    void aNamespacedObjectIsNamedNamespaceSlashName() {
        ValidationReport r = new Validator(ValidatorOptions.defaults()).validate(DocumentReader.parse("ns.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\n"));
        assertThat(write(OutputFormat.JUNIT, r, ResultWriter.Options.DEFAULT)).contains("classname=\"ConfigMap@v1\" name=\"shop/c\"");
    }
}
