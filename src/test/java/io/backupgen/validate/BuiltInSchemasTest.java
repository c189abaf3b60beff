package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.Repo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The packs the jar carries are read one schema at a time through their index: each schema read so
 * is the strict schema of ../shared/k8s-schemas it was packed from, every one is reachable, and the
 * file read whole is still the one JSON object of every schema (what gen-schemas documents).
 */
class BuiltInSchemasTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCarriedSchemaReadAloneIsTheSharedStrictSchema() throws IOException {
        int read = 0;
        for (String version : BuiltInSchemas.versions()) {
            Path dir = Repo.shared().resolve("k8s-schemas/v" + version + "-standalone-strict");
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            }
            assertThat(files).isNotEmpty();
            JsonNode whole = whole("v" + version);
            assertThat(whole.size()).as("v%s: kinds in the pack", version).isEqualTo(files.size());
            for (Path f : files) {
                String name = f.getFileName().toString();
                JsonNode alone = BuiltInSchemas.entry("v" + version, name);
                assertThat(alone).as("v%s %s", version, name).isEqualTo(JSON.readTree(f.toFile()));
                assertThat(alone).isEqualTo(whole.get(name));
                read++;
            }
        }
        assertThat(read).isGreaterThan(600);
    }

    @Test
    void theCrdPackReadsEntryByEntryAsWhole() throws IOException {
        JsonNode whole = whole("crds");
        List<String> names = new ArrayList<>();
        whole.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("monitoring.coreos.com/prometheusrule_v1.json", "postgresql.cnpg.io/cluster_v1.json");
        for (String name : names) {
            assertThat(BuiltInSchemas.entry("crds", name)).as(name).isEqualTo(whole.get(name));
        }
    }

    @Test
    void loadKeepsItsContract() {
        JsonNode strict = BuiltInSchemas.INSTANCE.load("CronJob", "batch/v1", "1.36.4", true).orElseThrow();
        assertThat(strict.at("/properties/kind/enum/0").asText()).isEqualTo("CronJob");
        assertThat(strict.toString()).contains("\"additionalProperties\":false");
        JsonNode loose = BuiltInSchemas.INSTANCE.load("CronJob", "batch/v1", "1.36.0", false).orElseThrow();
        assertThat(loose.toString()).doesNotContain("\"additionalProperties\":false");
        // the strict schema handed out before is untouched by opening a copy
        assertThat(strict.toString()).contains("\"additionalProperties\":false");
        assertThat(BuiltInSchemas.INSTANCE.load("PrometheusRule", "monitoring.coreos.com/v1", "1.36.0", true))
                .isPresent();
        // the file name keeps the group's first label only: another group with that label is no match
        assertThat(BuiltInSchemas.INSTANCE.load("CronJob", "batch.example.com/v1", "1.36.0", true)).isEmpty();
        assertThat(BuiltInSchemas.INSTANCE.load("NoSuchKind", "v1", "1.36.0", true)).isEmpty();
        assertThat(BuiltInSchemas.entry("v1.36.0", "nosuchkind-v1.json")).isNull();
        assertThat(BuiltInSchemas.entry("v0.0.0", "cronjob-batch-v1.json")).isNull();
    }

    private static JsonNode whole(String pack) throws IOException {
        try (InputStream in = BuiltInSchemas.class.getResourceAsStream(BuiltInSchemas.DIR + pack + ".json.gz")) {
            assertThat(in).as(pack).isNotNull();
            return JSON.readTree(new GZIPInputStream(in));
        }
    }
}
