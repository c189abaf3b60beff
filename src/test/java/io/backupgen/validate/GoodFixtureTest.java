package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.document.DocumentReader;
import io.backupgen.document.DocumentSet;
import io.backupgen.testing.SharedSchemas;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The product-like fixture tree is valid offline and against the shared schemas of 1.31 and 1.36. */
class GoodFixtureTest {
    static final Path GOOD = Path.of("src/test/resources/validate/good");

    @ParameterizedTest
    @ValueSource(strings = {"1.31.0", "1.36.0"})
    void productTreeIsValidAgainstSharedSchemas(String version) {
        DocumentSet docs = DocumentReader.read(List.of(GOOD.toString()), System.in);
        ValidationReport report = new Validator(ValidatorOptions.defaults()
                .withKubernetesVersion(version)
                .withSchemaLocations(SharedSchemas.location())).validate(docs);

        assertThat(report.findings()).isEmpty();
        assertThat(report.ok()).isTrue();
        assertThat(report.count(Status.VALID)).isEqualTo(7);
        // kustomization.yaml is not a Kubernetes object: no schema, no model
        assertThat(report.count(Status.SKIPPED)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31.0", "1.36.0"})
    void productTreeIsValidOffline(String version) {
        DocumentSet docs = DocumentReader.read(List.of(GOOD.toString()), System.in);
        ValidationReport report = new Validator(ValidatorOptions.defaults().withKubernetesVersion(version)).validate(docs);

        assertThat(report.findings()).isEmpty();
        assertThat(report.count(Status.VALID)).isEqualTo(7);
    }
}
