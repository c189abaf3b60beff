package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.document.Document;
import io.backupgen.document.DocumentReader;
import io.backupgen.testing.TreeEdits;
import io.backupgen.validate.schema.CompiledSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Our compiled schema validator ({@link CompiledSchema}) against networknt, the engine it replaces for
 * the carried schemas: both compile the same prepared schema, both check the same document, and the
 * violations users would read (paths, keywords, messages, order, with values shown and hidden) must be
 * equal. The documents: every document the samples render (the golden trees) and the validate fixtures
 * and corpus, plus the CRD kinds the goldens lack, each also broken in every way {@link Mutations} knows,
 * against strict and non-strict schemas of the oldest, a middle and the newest carried Kubernetes version.
 */
class SchemaEngineAgreementTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> VERSIONS = List.of("1.29.0", "1.33.0", "1.36.0");

    /** Kinds of the CRD pack no golden tree renders, so that every CRD schema is exercised. */
    private static final String EXTRA = """
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshot
            metadata: {name: snap, namespace: db}
            spec:
              volumeSnapshotClassName: csi-snap
              source: {persistentVolumeClaimName: data}
            ---
            apiVersion: snapshot.storage.k8s.io/v1
            kind: VolumeSnapshotClass
            metadata: {name: csi-snap}
            driver: ebs.csi.aws.com
            deletionPolicy: Retain
            parameters: {tagSpecification_1: "a=b"}
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Backup
            metadata: {name: b1, namespace: db}
            spec:
              cluster: {name: pg}
              method: plugin
              pluginConfiguration: {name: barman-cloud.cloudnative-pg.io, parameters: {x: "1"}}
            ---
            apiVersion: velero.io/v1
            kind: Backup
            metadata: {name: b1, namespace: velero}
            spec:
              includedNamespaces: [db]
              ttl: 720h0m0s
              snapshotVolumes: true
              labelSelector: {matchLabels: {app: pg}}
              hooks:
                resources:
                  - name: freeze
                    pre:
                      - exec: {container: pg, command: [/bin/true], onError: Fail, timeout: 30s}
            """;

    @Test
    void ourValidatorReportsWhatNetworkntReportsOnEveryDocumentAndMutation() throws IOException {
        Map<String, JsonNode> documents = corpus();
        assertThat(documents).hasSizeGreaterThan(50);
        Map<String, SchemaLayer.Engine[]> engines = new java.util.HashMap<>();
        long cases = 0;
        long violations = 0;
        List<String> disagreements = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        int index = 0;
        java.util.Set<String> shapes = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> d : documents.entrySet()) {
            JsonNode doc = d.getValue();
            String kind = doc.path("kind").asText();
            String apiVersion = doc.path("apiVersion").asText();
            // documents of one shape (the same fields and types, other names and values) break alike
            List<JsonNode> mutations = shapes.add(shape(doc).toString()) ? Mutations.of(doc) : List.of();
            // every document against every schema; its mutations against one (version, strictness) pair,
            // taken in turn, so that all pairs see mutations and the test stays a few seconds long
            int turn = index++ % (VERSIONS.size() * 2);
            for (String version : VERSIONS) {
                for (boolean strict : new boolean[] {true, false}) {
                    boolean mutate = VERSIONS.indexOf(version) * 2 + (strict ? 0 : 1) == turn;
                    List<JsonNode> variants = new ArrayList<>();
                    variants.add(doc);
                    if (mutate) {
                        variants.addAll(mutations);
                    }
                    SchemaLayer.Engine[] pair = engines.computeIfAbsent(kind + "|" + apiVersion + "|" + version + "|" + strict,
                            k -> BuiltInSchemas.INSTANCE.load(kind, apiVersion, version, strict).map(schema -> {
                                ObjectNode prepared = SchemaLayer.prepared(schema);
                                var ours = CompiledSchema.compile(prepared);
                                assertThat(ours).as("%s %s %s: a carried schema our engine cannot compile", version, apiVersion, kind)
                                        .isPresent();
                                return new SchemaLayer.Engine[] {ours.get()::validate, new NetworkntSchema(prepared, false)};
                            }).orElse(null));
                    if (pair == null) {
                        continue;
                    }
                    kinds.add(apiVersion + " " + kind);
                    for (JsonNode v : variants) {
                        JsonNode body = v; // each engine judges null fields as absent itself
                        var theirs = pair[1].problems(body);
                        var ours = pair[0].problems(body);
                        for (boolean hide : new boolean[] {false, true}) {
                            var expected = SchemaLayer.violations(theirs, hide);
                            var actual = SchemaLayer.violations(ours, hide);
                            cases++;
                            violations += expected.size();
                            if (!expected.equals(actual) && disagreements.size() < 20) {
                                disagreements.add(version + (strict ? " strict " : " open ") + d.getKey() + (hide ? " (hidden)" : "")
                                        + "\n  document: " + v + "\n  networknt: " + expected + "\n  ours:      " + actual);
                            }
                        }
                    }
                }
            }
        }
        System.out.printf("schema engine agreement: %d documents, %d kinds, %d (document, mutation, version, strictness, "
                + "hiding) cases, %d violations compared%n", documents.size(), kinds.size(), cases, violations);
        assertThat(disagreements).as("cases where our engine and networknt disagree").isEmpty();
        assertThat(kinds).as("kinds compared").contains("monitoring.coreos.com/v1 PrometheusRule",
                "snapshot.storage.k8s.io/v1 VolumeSnapshot", "postgresql.cnpg.io/v1 Cluster", "velero.io/v1 Schedule",
                "velero.io/v1 Backup", "batch/v1 CronJob", "v1 ConfigMap");
        // the mutations must make the engines say something, or the comparison proves little
        assertThat(violations).isGreaterThan(cases / 2);
    }

    /** Every carried schema, strict and not, gets our engine: none falls back to networknt's slower walk. */
    @Test
    void everyCarriedSchemaCompilesWithOurEngine() throws IOException {
        List<String> packs = new ArrayList<>(BuiltInSchemas.versions().stream().map(v -> "v" + v).toList());
        packs.add("crds");
        int schemas = 0;
        for (String pack : packs) {
            JsonNode all;
            try (var in = new java.util.zip.GZIPInputStream(
                    BuiltInSchemas.class.getResourceAsStream(BuiltInSchemas.DIR + pack + ".json.gz"))) {
                all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            }
            for (var it = all.fields(); it.hasNext(); ) {
                var e = it.next();
                for (JsonNode schema : List.of(e.getValue(), SchemaRegistry.open(e.getValue().deepCopy()))) {
                    assertThat(SchemaLayer.compile(SchemaLayer.prepared(schema))).as("%s %s", pack, e.getKey())
                            .isNotInstanceOf(NetworkntSchema.class);
                    schemas++;
                }
            }
        }
        assertThat(schemas).isGreaterThan(1000);
    }

    @Test
    void aSchemaWithAKeywordWeDoNotImplementStaysWithNetworknt() {
        ObjectNode withRef = F.objectNode();
        withRef.putObject("definitions").putObject("s").put("type", "string");
        withRef.putObject("properties").putObject("a").put("$ref", "#/definitions/s");
        assertThat(SchemaLayer.compile(withRef)).isInstanceOf(NetworkntSchema.class);
        ObjectNode allOf = F.objectNode();
        allOf.putArray("allOf").addObject().put("type", "object");
        assertThat(SchemaLayer.compile(allOf)).isInstanceOf(NetworkntSchema.class);
        ObjectNode numberEnum = F.objectNode();
        numberEnum.putArray("enum").add(1).add(2);
        assertThat(SchemaLayer.compile(numberEnum)).isInstanceOf(NetworkntSchema.class);
        ObjectNode plain = F.objectNode();
        plain.put("type", "object").putObject("properties").putObject("a").put("type", "string");
        assertThat(SchemaLayer.compile(plain)).isNotInstanceOf(NetworkntSchema.class);
        // and the fallback still judges: networknt resolves the $ref
        ObjectNode doc = F.objectNode().put("a", 5);
        assertThat(SchemaLayer.validate(SchemaLayer.compile(withRef), doc, false)).extracting(SchemaLayer.Violation::message)
                .containsExactly("expected string, got integer");
    }

    /** The document with every string, number and boolean replaced by a stand-in of its type. */
    private static JsonNode shape(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = F.objectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey().startsWith("app.kubernetes.io") ? "label" : e.getKey(),
                    shape(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = F.arrayNode();
            n.forEach(x -> a.add(shape(x)));
            return a;
        }
        return n.isTextual() ? F.textNode("s") : n.isNumber() ? F.numberNode(0) : n;
    }

    /** Distinct documents (by content) of the golden trees, the validate fixtures and {@link #EXTRA}. */
    private static Map<String, JsonNode> corpus() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        List<String> paths = new ArrayList<>();
        for (String root : List.of("src/test/resources/golden", "src/test/resources/validate")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .filter(p -> !p.toString().contains("/templates/")) // Helm templates are not YAML yet
                        .sorted().forEach(p -> paths.add(p.toString()));
            }
        }
        List<Document> docs = new ArrayList<>(DocumentReader.read(paths, System.in).documents());
        docs.addAll(DocumentReader.parse("extra.yaml", EXTRA).documents());
        for (Document d : docs) {
            JsonNode b = d.body();
            if (b != null && b.isObject() && b.path("kind").isTextual() && b.path("apiVersion").isTextual()) {
                out.putIfAbsent(b.toString(), b);
            }
        }
        Map<String, JsonNode> named = new LinkedHashMap<>();
        int i = 0;
        for (JsonNode b : out.values()) {
            named.put(b.path("kind").asText() + "/" + b.path("metadata").path("name").asText() + "#" + i++, b);
        }
        return named;
    }

    /** Ways to break a document, each a fresh copy with one thing changed (and two with everything changed). */
    static final class Mutations {
        /** Top-level fields that choose the schema: never changed. */
        private static final java.util.Set<String> SCHEMA_CHOOSERS = java.util.Set.of("kind", "apiVersion");

        private Mutations() {
        }

        static List<JsonNode> of(JsonNode doc) {
            List<JsonNode> out = new ArrayList<>();
            List<List<Object>> paths = TreeEdits.paths(doc, SCHEMA_CHOOSERS);
            for (List<Object> path : paths) {
                JsonNode n = TreeEdits.at(doc, path);
                for (JsonNode replacement : replacements(n)) {
                    out.add(TreeEdits.replaced(doc, path, replacement));
                }
                if (n.isObject()) {
                    ObjectNode unknown = (ObjectNode) n.deepCopy();
                    unknown.put("zzUnknown", "v");
                    out.add(TreeEdits.replaced(doc, path, unknown));
                    ObjectNode odd = (ObjectNode) n.deepCopy();
                    odd.put("a/b~c\nd", 7).put("#note", 1);
                    out.add(TreeEdits.replaced(doc, path, odd));
                    for (var it = n.fieldNames(); it.hasNext(); ) {
                        ObjectNode removed = (ObjectNode) n.deepCopy();
                        removed.remove(it.next());
                        out.add(TreeEdits.replaced(doc, path, removed));
                    }
                }
                if (n.isArray() && !n.isEmpty()) {
                    ArrayNode withNull = (ArrayNode) n.deepCopy();
                    withNull.addNull();
                    out.add(TreeEdits.replaced(doc, path, withNull));
                    ArrayNode wrong = (ArrayNode) n.deepCopy();
                    wrong.add(5).add(F.objectNode().put("zz", 1)).add("s");
                    out.add(TreeEdits.replaced(doc, path, wrong));
                    out.add(TreeEdits.replaced(doc, path, F.arrayNode()));
                }
            }
            // every value, but not the metadata field itself
            List<List<Object>> notMetadata = paths.stream().filter(p -> !p.equals(List.of("metadata"))).toList();
            out.add(TreeEdits.everywhere(doc, notMetadata, n -> n.isValueNode() ? F.objectNode().put("x", 1) : null));
            out.add(TreeEdits.everywhere(doc, notMetadata, n -> n.isTextual() ? F.numberNode(3) : n.isNumber() ? F.textNode("3") : null));
            return out;
        }

        private static List<JsonNode> replacements(JsonNode n) {
            List<JsonNode> r = new ArrayList<>();
            if (n.isTextual()) {
                r.addAll(List.of(F.numberNode(42), F.booleanNode(true), F.numberNode(1.5), F.objectNode().put("k", "v"),
                        F.arrayNode().add("x"), F.nullNode(), F.textNode(""), F.objectNode().putNull("n").put("k", "v"), F.textNode("Not/An Enum~Value-" + n.textValue()),
                        F.textNode("x".repeat(300))));
            } else if (n.isNumber()) {
                r.addAll(List.of(F.textNode(n.asText()), F.numberNode(2.5), F.numberNode(2.0), F.numberNode(-1), F.numberNode(0),
                        F.numberNode(99999999999L), F.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                        F.objectNode(), F.arrayNode().add(1), F.nullNode(), F.booleanNode(false)));
            } else if (n.isBoolean()) {
                r.addAll(List.of(F.textNode("yes"), F.numberNode(0), F.nullNode(), F.objectNode(), F.arrayNode().add(true)));
            } else if (n.isObject()) {
                r.addAll(List.of(F.textNode("obj"), F.numberNode(1), F.arrayNode().add(F.objectNode()), F.nullNode()));
            } else if (n.isArray()) {
                r.addAll(List.of(F.textNode("arr"), F.numberNode(1), F.objectNode().put("a", 1), F.nullNode()));
            }
            return r;
        }
    }
}
