package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.backupgen.document.Document;
import io.backupgen.testing.SharedSchemas;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template expansion as kubeconform does it, and the registry chain against a real local HTTP server. */
class SchemaRegistryTest {
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    String base;

    @BeforeEach
    void serveSharedSchemas() throws IOException {
        Path root = SharedSchemas.dir();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String p = exchange.getRequestURI().getPath();
            Path file = root.resolve(p.substring(1)).normalize();
            if (p.contains("boom")) {
                exchange.sendResponseHeaders(500, -1);
            } else if (file.startsWith(root) && Files.isRegularFile(file)) {
                byte[] body = Files.readAllBytes(file);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(body);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void templateVariablesMatchKubeconform() {
        String t = "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json"
                + "|{{.Group}}|{{ .ResourceAPIVersion }}";
        assertThat(SchemaRegistry.Template.expand(t, "CronJob", "batch/v1", "1.31.0", true))
                .isEqualTo("v1.31.0-standalone-strict/cronjob-batch-v1.json|batch|v1");
        assertThat(SchemaRegistry.Template.expand(t, "ConfigMap", "v1", "master", false))
                .isEqualTo("master-standalone/configmap-v1.json|v1|v1");
        assertThat(SchemaRegistry.Template.expand(t, "PrometheusRule", "monitoring.coreos.com/v1", "1.36.0", true))
                .isEqualTo("v1.36.0-standalone-strict/prometheusrule-monitoring-v1.json|monitoring.coreos.com|v1");
    }

    @Test
    void unknownTemplateVariableIsAUsageError() {
        assertThatThrownBy(() -> new Validator(ValidatorOptions.defaults().withSchemaLocations(List.of("/x/{{ .Kind }}.json"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{ .Kind }}");
    }

    @Test
    void httpLocationIsDownloadedOnceCachedOnDiskAndUsedOffline(@TempDir Path cache) {
        ValidatorOptions opts = ValidatorOptions.defaults().withCacheDir(cache).withSchemaLocations(List.of(base));
        ValidationReport first = new Validator(opts).validate(Fixtures.good());
        assertThat(first.findings()).isEmpty();
        assertThat(first.count(Status.VALID)).isEqualTo(7);
        // CronJob, ConfigMap, PVC, ServiceAccount, Kustomization is skipped without asking: 4 downloads, each once
        assertThat(requests.get()).isEqualTo(4);
        assertThat(cache.toFile().list()).hasSize(4).allMatch(n -> n.matches("[0-9a-f]{64}\\.json"));

        server.stop(0);
        ValidationReport again = new Validator(opts).validate(Fixtures.good());
        assertThat(again.findings()).isEmpty();
        assertThat(again.count(Status.VALID)).isEqualTo(7);
    }

    @Test
    void notFoundFallsThroughToTheNextLocation(@TempDir Path cache) {
        ValidatorOptions opts = ValidatorOptions.defaults().withCacheDir(cache).withSchemaLocations(List.of(
                base + "/nowhere/{{ .ResourceKind }}.json",
                cache.resolve("empty-dir").toString(),
                base + "/crds/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"));
        Document snap = new Document("s.yaml", 0, 1, io.backupgen.document.DocumentReader.parse("s.yaml", """
                apiVersion: snapshot.storage.k8s.io/v1
                kind: VolumeSnapshot
                metadata: {name: s}
                spec: {source: {persistentVolumeClaimName: p}, colour: blue}
                """).documents().get(0).body());

        ValidationReport r = new Validator(opts).validate(List.of(snap));
        assertThat(r.results().get(0).status()).isEqualTo(Status.INVALID);
        assertThat(r.findings()).extracting(Finding::path).containsExactly("spec.colour");
    }

    @Test
    void aServerErrorStopsTheChainAndIsAnErrorResult(@TempDir Path cache) {
        ValidatorOptions opts = ValidatorOptions.defaults().withCacheDir(cache).withSchemaLocations(List.of(
                base + "/boom/{{ .ResourceKind }}.json", base));

        ValidationReport r = new Validator(opts).validate(Fixtures.good());
        assertThat(r.results()).filteredOn(x -> x.document().kind().equals("ConfigMap"))
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.ERROR));
        assertThat(r.findings()).extracting(Finding::message).allMatch(m -> m.contains("HTTP 500"));
        assertThat(r.ok()).isFalse();
    }

    @Test
    void compiledSchemasAreCachedInMemory(@TempDir Path cache) throws IOException {
        Validator v = new Validator(ValidatorOptions.defaults().withCacheDir(cache).withSchemaLocations(List.of(base)));
        assertThat(v.validate(Fixtures.good()).count(Status.VALID)).isEqualTo(7);
        // Neither the server nor the disk cache is there any more: only compiled schemas in memory remain.
        server.stop(0);
        try (var files = Files.list(cache)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        ValidationReport again = v.validate(Fixtures.good());
        assertThat(again.count(Status.VALID)).isEqualTo(7);
        assertThat(again.findings()).isEmpty();
    }

    @Test
    void anEmptyOrMalformedSchemaFileIsABrokenSchemaNeverAPass(@TempDir Path dir) throws IOException {
        Path strict = Files.createDirectories(dir.resolve("v1.31.0-standalone-strict"));
        Files.writeString(strict.resolve("configmap-v1.json"), "");
        Files.writeString(strict.resolve("serviceaccount-v1.json"), "{\"type\": \"object\",");
        Files.writeString(strict.resolve("persistentvolumeclaim-v1.json"), "[]");
        Validator v = new Validator(ValidatorOptions.defaults().withKubernetesVersion("1.31.0")
                .withSchemaLocations(List.of(dir.toString())));

        ValidationReport r = v.validate(Fixtures.good());

        assertThat(r.results()).filteredOn(x -> List.of("ConfigMap", "ServiceAccount", "PersistentVolumeClaim")
                .contains(x.document().kind())).isNotEmpty()
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.ERROR));
        assertThat(r.findings()).extracting(Finding::rule).containsOnly(Validator.RULE_SCHEMA_ERROR);
        assertThat(r.findings()).extracting(Finding::message)
                .anyMatch(m -> m.contains("configmap-v1.json is empty: a broken schema"))
                .anyMatch(m -> m.contains("serviceaccount-v1.json is not valid JSON") && m.contains("a broken schema"))
                .anyMatch(m -> m.contains("persistentvolumeclaim-v1.json is not a JSON object"))
                .noneMatch(m -> m.contains("Source:") || m.contains("REDACTED") || m.contains("com.fasterxml"));
        // the CronJobs had no file there: the built-in schemas validated them
        assertThat(r.results()).filteredOn(x -> x.document().kind().equals("CronJob"))
                .allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.VALID));
    }
}
