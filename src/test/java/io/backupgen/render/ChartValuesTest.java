package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.model.ModelBuilder;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.Repo;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ChartValuesTest {

    @Test
    void imageReferencesSplitBackIntoRepositoryTagAndDigest() {
        assertThat(ChartValues.ImageParts.of("registry.local:5000/pg/postgres:16-alpine@sha256:abc"))
                .isEqualTo(new ChartValues.ImageParts("registry.local:5000/pg/postgres", "16-alpine", "sha256:abc"));
        assertThat(ChartValues.ImageParts.of("postgres:16")).isEqualTo(new ChartValues.ImageParts("postgres", "16", ""));
    }

    /** values.yaml is hand-laid (for its comments); it must read back as exactly the values it was made from. */
    @Test
    void valuesYamlReadsBackAsTheValues() {
        Path sample = Repo.root().resolve("samples/minimal.yaml");
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        ModelBuilder.Context ctx = ModelBuilder.Context.of("minimal.yaml");
        var values = ChartValues.values(new ChartValues.Source(ModelBuilder.build(loaded.spec(), ctx),
                ModelBuilder.allTiers(loaded.spec(), ctx), loaded.spec()));
        String yaml = HelmChartRenderer.valuesYaml(values, true);
        assertThat(Manifests.parse(yaml).get(0)).isEqualTo(ChartValues.tree(values));
        // Empty strings stay empty strings (not null, not a document marker).
        assertThat(yaml).contains("  digest: \"\"\n");
    }

    @Test
    void everyValueHasASchemaWithADescription() {
        assertThat(ChartValues.leaves()).allSatisfy(l -> {
            assertThat(l.description()).as(l.path()).isNotBlank();
            assertThat(l.schema().path("type").asText()).as(l.path()).isIn("string", "integer", "boolean", "array", "object");
        });
        assertThat(ChartValues.schema("t").toString()).contains("\"additionalProperties\":false");
    }
}
