package io.backupgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.testing.Golden;
import io.backupgen.testing.Repo;
import io.backupgen.testing.SharedSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes shapes the spec embeds (tolerations, affinity, label selectors, network policy rules)
 * are Kubernetes' own: the shipped {@code kubernetes-defs.json} must equal what is extracted from the
 * strict Kubernetes JSON schemas in {@code ../shared/k8s-schemas} (re-record it with
 * {@code -Dgolden.update=true}). The product ships the extract, so it never needs {@code ../shared}.
 */
class KubernetesDefsTest {
    /** The Kubernetes version the defs are taken from: the validator's default. */
    static final String VERSION = "v1.31.0";
    static final Path RESOURCE = Repo.root().resolve("cli/src/main/resources/io/backupgen/spec/kubernetes-defs.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Definition name (Kubernetes' OpenAPI name) to where it sits in a standalone kind schema. */
    private record Source(String file, String pointer) {
    }

    private static final Map<String, Source> SOURCES = new LinkedHashMap<>();

    static {
        SOURCES.put("io.k8s.api.core.v1.Toleration", new Source("pod-v1.json", "/properties/spec/properties/tolerations/items"));
        SOURCES.put("io.k8s.api.core.v1.Affinity", new Source("pod-v1.json", "/properties/spec/properties/affinity"));
        SOURCES.put("io.k8s.api.core.v1.LocalObjectReference",
                new Source("pod-v1.json", "/properties/spec/properties/imagePullSecrets/items"));
        SOURCES.put("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector",
                new Source("networkpolicy-networking-v1.json", "/properties/spec/properties/podSelector"));
        SOURCES.put("io.k8s.api.networking.v1.NetworkPolicyPort",
                new Source("networkpolicy-networking-v1.json", "/properties/spec/properties/egress/items/properties/ports/items"));
        SOURCES.put("io.k8s.api.networking.v1.NetworkPolicyEgressRule",
                new Source("networkpolicy-networking-v1.json", "/properties/spec/properties/egress/items"));
    }

    /** What kubernetes-defs.json must hold, extracted from one Kubernetes version's strict schemas. */
    static ObjectNode extract(String version) throws IOException {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("$comment", "Generated from the strict Kubernetes " + version + " JSON schemas (pod, networkpolicy) by"
                + " KubernetesDefsTest; do not edit. Optional fields do not accept null here: in a spec, a null"
                + " means 'unset' and is never written to a manifest.");
        Path dir = SharedSchemas.dir().resolve(version + "-standalone-strict");
        for (Map.Entry<String, Source> e : SOURCES.entrySet()) {
            JsonNode kind = JSON.readTree(dir.resolve(e.getValue().file()).toFile());
            JsonNode def = kind.at(e.getValue().pointer());
            assertThat(def.isObject()).as("%s in %s at %s", e.getKey(), e.getValue().file(), e.getValue().pointer())
                    .isTrue();
            out.set(e.getKey(), withoutNull(def.deepCopy()));
        }
        return out;
    }

    /** Drops "null" from type unions and {"type": "null"} from oneOf, everywhere. */
    static JsonNode withoutNull(JsonNode node) {
        if (node instanceof ObjectNode o) {
            JsonNode type = o.get("type");
            if (type instanceof ArrayNode types) {
                ArrayNode kept = JsonNodeFactory.instance.arrayNode();
                types.forEach(t -> {
                    if (!"null".equals(t.asText())) {
                        kept.add(t);
                    }
                });
                o.set("type", kept.size() == 1 ? kept.get(0) : kept);
            }
            JsonNode oneOf = o.get("oneOf");
            if (oneOf instanceof ArrayNode alternatives) {
                // Without null, and in one order: versions list int-or-string's alternatives differently.
                List<JsonNode> kept = new java.util.ArrayList<>();
                alternatives.forEach(alt -> {
                    if (!"null".equals(alt.path("type").asText())) {
                        kept.add(alt);
                    }
                });
                kept.sort(java.util.Comparator.comparing(JsonNode::toString));
                alternatives.removeAll();
                alternatives.addAll(kept);
            }
            o.fields().forEachRemaining(f -> withoutNull(f.getValue()));
        } else if (node instanceof ArrayNode a) {
            a.forEach(KubernetesDefsTest::withoutNull);
        }
        return node;
    }

    @Test
    void shippedDefsAreKubernetesOwnSchemas() throws IOException {
        ObjectNode expected = extract(VERSION);
        if (Boolean.getBoolean(Golden.UPDATE_PROPERTY)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("refusing -D" + Golden.UPDATE_PROPERTY + "=true under CI=true");
            }
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(com.fasterxml.jackson.core.util.Separators
                    .createDefaultInstance().withObjectFieldValueSpacing(com.fasterxml.jackson.core.util.Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n"));
            Files.writeString(RESOURCE, JSON.writer(pretty).writeValueAsString(expected) + "\n", StandardCharsets.UTF_8);
        }
        assertThat(io.backupgen.render.JsonPatchDiff.diff(expected, JSON.readTree(Files.readString(RESOURCE))))
                .as("%s is out of date (re-record with -D%s=true); it differs by", RESOURCE, Golden.UPDATE_PROPERTY)
                .isEmpty();
    }

    /** The shapes are the same in every Kubernetes version the validator knows, so one extract serves all. */
    @Test
    void theseShapesAreTheSameInEveryKubernetesVersionAtHand() throws IOException {
        List<String> versions;
        try (Stream<Path> s = Files.list(SharedSchemas.dir())) {
            versions = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-standalone-strict"))
                    .map(n -> n.substring(0, n.length() - "-standalone-strict".length())).sorted().toList();
        }
        assertThat(versions).contains(VERSION).hasSizeGreaterThan(1);
        ObjectNode reference = extract(VERSION);
        reference.remove("$comment");
        for (String v : versions) {
            ObjectNode other = extract(v);
            other.remove("$comment");
            assertThat(io.backupgen.render.JsonPatchDiff.diff(reference, other)).as("Kubernetes %s differs by", v)
                    .isEmpty();
        }
    }

    /** {@code backupgen schema} prints one document an editor can use alone: every $ref resolves inside it. */
    @Test
    void schemaCommandPrintsOneSelfContainedSchema() throws IOException {
        io.backupgen.testing.CliRun r = io.backupgen.testing.CliRun.of("schema");
        assertThat(r.exitCode()).isZero();
        JsonNode schema = JSON.readTree(r.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"\\$ref\":\"([^\"]+)\"").matcher(schema.toString());
        int refs = 0;
        while (m.find()) {
            refs++;
            assertThat(m.group(1)).startsWith("#/");
            assertThat(schema.at(m.group(1).substring(1)).isObject()).as(m.group(1)).isTrue();
        }
        assertThat(refs).isGreaterThan(10);
        assertThat(schema.at("/$defs/io.k8s.api.core.v1.Toleration")).isEqualTo(extract(VERSION).get("io.k8s.api.core.v1.Toleration"));
    }
}
