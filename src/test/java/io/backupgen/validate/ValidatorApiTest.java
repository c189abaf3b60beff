package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.document.DocumentReader;
import io.backupgen.document.DocumentSet;
import io.backupgen.report.TextWriter;
import io.backupgen.testing.SharedSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The calls the render pipeline makes: rendered texts in, a report out, no I/O, no exceptions for findings. */
class ValidatorApiTest {

    static Map<String, String> renderedTree() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (var s = Files.list(Fixtures.GOOD)) {
            for (Path p : s.toList()) {
                files.put("k8s/base/" + p.getFileName(), Files.readString(p));
            }
        }
        return files;
    }

    @Test
    void renderedTreeValidatesAcrossFiles() throws Exception {
        DocumentSet set = DocumentReader.parse(renderedTree());
        ValidationReport offline = new Validator(ValidatorOptions.defaults()).validate(set);
        ValidationReport schemas = new Validator(ValidatorOptions.defaults()
                .withSchemaLocations(SharedSchemas.location())).validate(set);

        assertThat(set.sources()).first().isEqualTo("k8s/base/backup-configmap.yaml");
        assertThat(offline.ok()).isTrue();
        assertThat(schemas.ok()).isTrue();
        assertThat(schemas.results()).filteredOn(r -> r.status() == Status.VALID)
                .allSatisfy(r -> assertThat(r.schemaLocation()).isEqualTo(SharedSchemas.location().get(0)));
        assertThat(offline.results()).filteredOn(r -> r.status() == Status.VALID)
                .allSatisfy(r -> assertThat(r.schemaLocation()).isEqualTo("builtin"));
    }

    @Test
    void anInvalidRenderIsDataTheCallerCanRefuseToWrite() throws Exception {
        Map<String, String> files = renderedTree();
        files.put("k8s/base/backup-pvc.yaml", files.get("k8s/base/backup-pvc.yaml").replace("10Gi", "10GB"));

        ValidationReport report = new Validator(ValidatorOptions.defaults()).validate(DocumentReader.parse(files));

        assertThat(report.ok()).isFalse();
        assertThat(report.findings()).extracting(TextWriter::format).containsExactly(
                "k8s/base/backup-pvc.yaml:13: PersistentVolumeClaim/acme-shop-backup-pvc: spec.resources.requests.storage:"
                        + " \"10GB\" is not a Kubernetes quantity (e.g. 500m, 256Mi, 10Gi, 1.5) (quantity)");
    }
}
