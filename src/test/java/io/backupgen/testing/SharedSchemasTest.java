package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedSchemasTest {

    @Test
    void locationsPointAtTheSharedSchemas() {
        assertThat(SharedSchemas.location()).hasSize(2);
        assertThat(SharedSchemas.location().get(0)).endsWith(
                "k8s-schemas/{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json");
        assertThat(Path.of(SharedSchemas.location().get(0).replace("{{ .NormalizedKubernetesVersion }}", "v1.31.0")
                .replace("{{ .StrictSuffix }}", "-strict").replace("{{ .ResourceKind }}", "cronjob")
                .replace("{{ .KindSuffix }}", "-batch-v1"))).isRegularFile();
        assertThat(SharedSchemas.args()).containsExactly("--schema-location", SharedSchemas.location().get(0),
                "--schema-location", SharedSchemas.location().get(1));
    }

    @Test
    void aMissingFolderFailsWithAMessageThatSaysWhere(@TempDir Path empty) throws Exception {
        String saved = System.getProperty(SharedSchemas.PROPERTY);
        try {
            System.setProperty(SharedSchemas.PROPERTY, empty.toString());
            assertThatThrownBy(SharedSchemas::location).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(empty.resolve("k8s-schemas").toString())
                    .hasMessageContaining("is missing");
            System.clearProperty(SharedSchemas.PROPERTY);
            assertThatThrownBy(SharedSchemas::dir).hasMessageContaining("system property backupgen.shared is not set");
            Files.createDirectories(empty.resolve("k8s-schemas/v1.31.0-standalone-strict"));
            System.setProperty(SharedSchemas.PROPERTY, empty.toString());
            assertThatThrownBy(SharedSchemas::dir).hasMessageContaining("crds");
        } finally {
            System.setProperty(SharedSchemas.PROPERTY, saved);
        }
    }
}
