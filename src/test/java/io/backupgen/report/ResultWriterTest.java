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
        return new Validator(ValidatorOptions.defaults()).validate(DocumentReader.parse("m.yaml", TEXT));
    }

    static String write(OutputFormat f, ValidationReport r) {
        StringWriter sw = new StringWriter();
        ResultWriter.of(f, new PrintWriter(sw)).writeAll(r);
        return sw.toString();
    }

    @Test
    void textHasOneLinePerFindingAndTheSummary() {
        String out = write(OutputFormat.TEXT, report());
        assertThat(out.lines()).contains(
                "m.yaml:11: CronJob/bad: metadata.labels.tier: label value \"<&>\" must be at most 63 characters,"
                        + " alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric (label)",
                "Summary: 4 resources found in 1 file - Valid: 1, Invalid: 1, Errors: 1, Skipped: 1");
        assertThat(out.lines()).anyMatch(l -> l.startsWith("m.yaml:13: CronJob/bad: spec.schedule: ") && l.endsWith("(cron)"));
        assertThat(out.lines()).anyMatch(l -> l.startsWith("m.yaml:") && l.endsWith("(parse)"));
    }

    @Test
    void jsonParsesBackWithStatusesFindingsAndSummary() throws Exception {
        JsonNode root = new ObjectMapper().readTree(write(OutputFormat.JSON, report()));

        assertThat(root.at("/summary/resources").asInt()).isEqualTo(4);
        assertThat(root.at("/summary/files").asInt()).isEqualTo(1);
        assertThat(root.at("/summary/invalid").asInt()).isEqualTo(1);
        JsonNode resources = root.get("resources");
        assertThat(resources).hasSize(4);
        assertThat(resources.get(0).get("status").asText()).isEqualTo("valid");
        JsonNode bad = resources.get(1);
        assertThat(bad.get("kind").asText()).isEqualTo("CronJob");
        assertThat(bad.get("line").asInt()).isEqualTo(7);
        assertThat(bad.get("status").asText()).isEqualTo("invalid");
        assertThat(bad.get("findings")).extracting(f -> f.get("rule").asText() + "@" + f.get("path").asText())
                .containsExactly("label@metadata.labels.tier", "cron@spec.schedule");
        assertThat(bad.at("/findings/1/line").asInt()).isEqualTo(13);
        assertThat(resources.get(2).get("status").asText()).isEqualTo("skipped");
        assertThat(resources.get(3).get("status").asText()).isEqualTo("error");
        assertThat(resources.get(3).at("/findings/0/rule").asText()).isEqualTo("parse");
    }

    @Test
    void junitParsesBackWithAnXmlParser() throws Exception {
        String xml = write(OutputFormat.JUNIT, report());
        org.w3c.dom.Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        Element suites = doc.getDocumentElement();
        assertThat(suites.getTagName()).isEqualTo("testsuites");
        assertThat(suites.getAttribute("tests")).isEqualTo("4");
        assertThat(suites.getAttribute("failures")).isEqualTo("1");
        assertThat(suites.getAttribute("errors")).isEqualTo("1");
        assertThat(suites.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        Element bad = (Element) cases.item(1);
        assertThat(bad.getAttribute("name")).startsWith("CronJob/bad");
        Element failure = (Element) bad.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("label");
        // escaped by the writer, unescaped by the parser
        assertThat(failure.getTextContent()).contains("label value \"<&>\"", "(cron)");
        assertThat(((Element) cases.item(2)).getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(((Element) cases.item(3)).getElementsByTagName("error").getLength()).isEqualTo(1);
    }
}
