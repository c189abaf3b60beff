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
        // And Kubernetes shapes (tolerations, affinity, egress rules) written as blocks read back too.
        for (Path spec : java.util.List.of(Repo.root().resolve("samples/openshift.yaml"),
                Repo.root().resolve("src/test/resources/clusters/everything.yaml"))) {
            LoadedSpec l = SpecLoader.forSpecFile(spec).load(spec);
            var v = ChartValues.values(new ChartValues.Source(ModelBuilder.build(l.spec(), ctx),
                    ModelBuilder.allTiers(l.spec(), ctx), l.spec()));
            assertThat(v.get("tiers.daily.pod.tolerations").size()).as(spec.toString()).isPositive();
            assertThat(Manifests.parse(HelmChartRenderer.valuesYaml(v, true)).get(0)).as(spec.toString())
                    .isEqualTo(ChartValues.tree(v));
        }
    }

    @Test
    void everyValueHasASchemaWithADescription() {
        var schema = ChartValuesSchema.schema("t");
        assertThat(ChartValues.leaves()).allSatisfy(l -> {
            assertThat(l.description()).as(l.path()).isNotBlank();
            var s = l.schema();
            if (s.has("$ref")) {
                // Kubernetes' shapes are defined once, under definitions.
                assertThat(s.get("$ref").asText()).as(l.path()).startsWith("#/definitions/");
                s = (com.fasterxml.jackson.databind.node.ObjectNode) schema.at(s.get("$ref").asText().substring(1));
            }
            assertThat(s.path("type").toString()).as(l.path())
                    .isIn("\"string\"", "\"integer\"", "\"boolean\"", "\"object\"", "\"array\"", "[\"integer\",\"string\"]");
        });
        assertThat(schema.toString()).contains("\"additionalProperties\":false");
        // Every reference resolves within the chart's own schema.
        var refs = new java.util.ArrayList<String>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"\\$ref\":\"([^\"]+)\"").matcher(schema.toString());
        while (m.find()) {
            refs.add(m.group(1));
        }
        assertThat(refs).isNotEmpty().allSatisfy(r -> assertThat(schema.at(r.substring(1)).isObject()).as(r).isTrue());
    }

    /** An environment's values are what Helm must merge into values.yaml to end at the environment's values. */
    @Test
    void environmentValuesAreMergePatches() {
        var base = java.util.Map.<String, com.fasterxml.jackson.databind.JsonNode>of(
                "pod.nodeSelector", Manifests.parse("v: {pool: backup, disk: ssd}").get(0).get("v"),
                "pod.tolerations", Manifests.parse("v: [{key: a, operator: Exists}]").get(0).get("v"),
                "storage.size", Manifests.parse("v: 10Gi").get(0).get("v"));
        var env = java.util.Map.<String, com.fasterxml.jackson.databind.JsonNode>of(
                "pod.nodeSelector", Manifests.parse("v: {pool: staging}").get(0).get("v"),
                "pod.tolerations", Manifests.parse("v: []").get(0).get("v"),
                "storage.size", Manifests.parse("v: 10Gi").get(0).get("v"));
        var diff = ChartValues.difference(base, env);
        assertThat(diff).containsOnlyKeys("pod.nodeSelector", "pod.tolerations");
        assertThat(diff.get("pod.nodeSelector")).isEqualTo(Manifests.parse("v: {pool: staging, disk: null}").get(0).get("v"));
        assertThat(diff.get("pod.tolerations")).isEqualTo(env.get("pod.tolerations"));
    }
}
