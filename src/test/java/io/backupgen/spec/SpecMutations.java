package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.testing.TreeEdits;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Spec and profile layers to check against the spec schema, and ways to break them: each variant is a
 * fresh copy with one thing changed, chosen from what the schema says of that place (a near-miss of an
 * enum, one past a bound, one character too many, a name its pattern refuses, a bad map key, a duplicate
 * in a unique list) and from what any value can be turned into (another type, null, empty, a list for a
 * mapping...). Deterministic: the same layers give the same variants in the same order.
 */
final class SpecMutations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * A spec that sets every Kubernetes shape the schema embeds (tolerations, affinity of each kind, label
     * selectors, network policy ports and rules, pull secrets, unique PVC lists), which no sample sets all of.
     */
    static final String KUBERNETES_SHAPES = """
            apiVersion: backupgen.io/v1alpha1
            kind: BackupSpec
            project: {name: shop, namespace: shop}
            database: {host: pg.shop.svc, name: shop, credentials: {secretName: pg}}
            security: {runAsUser: 1000, fsGroup: "1000"}
            pod:
              nodeSelector: {kubernetes.io/os: linux}
              tolerations:
                - {key: dedicated, operator: Equal, value: backup, effect: NoSchedule, tolerationSeconds: 60}
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                      - matchExpressions: [{key: zone, operator: In, values: [a, b]}]
                        matchFields: [{key: metadata.name, operator: NotIn, values: [n1]}]
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 10
                      preference: {matchExpressions: [{key: disk, operator: Exists}]}
                podAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    - labelSelector: {matchLabels: {app: pg}}
                      topologyKey: kubernetes.io/hostname
                      namespaces: [shop]
                      matchLabelKeys: [pod-template-hash]
                podAntiAffinity:
                  preferredDuringSchedulingIgnoredDuringExecution:
                    - weight: 50
                      podAffinityTerm:
                        labelSelector: {matchExpressions: [{key: app, operator: In, values: [backup]}]}
                        namespaceSelector: {}
                        topologyKey: topology.kubernetes.io/zone
              priorityClassName: low
              annotations: {example.com/team: data}
              labels: {team: data}
              imagePullSecrets: [{name: regcred}]
            serviceAccount: {create: true, annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::1:role/x"}}
            networkPolicy:
              enabled: true
              database:
                podSelector: {matchLabels: {app: pg}}
                namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [db]}]}
                port: 5432
              dns:
                namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                ports: [{port: 53, protocol: UDP}, {port: dns-tcp, protocol: TCP, endPort: 60}]
              extraEgress:
                - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {podSelector: {}}]
                  ports: [{port: 443}]
            alerts: {ruleLabels: {release: prometheus}}
            snapshots:
              enabled: true
              volumeSnapshotClassName: csi
              pvcs: [data-0, data-1]
              selector: {app: pg}
            velero: {enabled: true, checkpoint: {podSelector: {app: pg}}}
            environments:
              staging:
                snapshots: {pvcs: [data-2]}
                networkPolicy: {dns: {ports: [{port: 53}]}}
                tiers: {daily: {keep: 3, pod: {tolerations: [{operator: Exists}]}}}
            """;

    private SpecMutations() {
    }

    /** Every sample, built-in profile, sample profile, the built-in defaults, the cluster fixtures and {@link #KUBERNETES_SHAPES}. */
    static List<Layer> layers() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("samples", "samples/profiles", "profiles", "src/test/resources/clusters")) {
            if (Files.isDirectory(Path.of(dir))) {
                try (Stream<Path> s = Files.list(Path.of(dir))) {
                    s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
                }
            }
        }
        List<Layer> out = new ArrayList<>();
        for (Path f : files) {
            out.add(layer(f.toString(), Files.readString(f)));
        }
        try (InputStream in = SpecLoader.class.getResourceAsStream(SpecLoader.DEFAULTS)) {
            out.add(layer("defaults.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        out.add(layer("kubernetes-shapes.yaml", KUBERNETES_SHAPES));
        return out;
    }

    private static Layer layer(String file, String text) {
        List<Diagnostic> problems = new ArrayList<>();
        Layer layer = SpecYaml.read(file, text, false, problems);
        if (layer == null) {
            throw new IllegalStateException(file + ": " + problems);
        }
        return layer;
    }

    /** The tree itself, then each variant. */
    static List<JsonNode> of(JsonNode tree, SpecSchema schema) {
        List<JsonNode> out = new ArrayList<>();
        out.add(tree);
        List<List<Object>> paths = TreeEdits.paths(tree, Set.of());
        for (List<Object> path : paths) {
            JsonNode n = TreeEdits.at(tree, path);
            JsonNode sub = schema.at(pointer(path)).orElse(F.objectNode());
            for (JsonNode r : replacements(n)) {
                out.add(TreeEdits.replaced(tree, path, r));
            }
            for (JsonNode r : againstSchema(n, sub)) {
                out.add(TreeEdits.replaced(tree, path, r));
            }
            if (n.isObject()) {
                for (JsonNode r : objectChanges((ObjectNode) n, sub)) {
                    out.add(TreeEdits.replaced(tree, path, r));
                }
            }
            if (n.isArray()) {
                for (JsonNode r : arrayChanges((ArrayNode) n)) {
                    out.add(TreeEdits.replaced(tree, path, r));
                }
            }
        }
        // fields the file does not set, given anyway: reaches the schema's other branches
        JsonNode rootSchema = schema.resolve(schema.root());
        for (List<Object> path : objectPaths(tree)) {
            JsonNode sub = path.isEmpty() ? rootSchema : schema.at(pointer(path)).orElse(null);
            JsonNode n = TreeEdits.at(tree, path);
            if (sub == null) {
                continue;
            }
            for (var it = sub.path("properties").fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (n.has(name)) {
                    continue;
                }
                for (JsonNode v : List.of(F.textNode("x"), F.numberNode(7), F.objectNode(), F.objectNode().put("zz", 1),
                        F.arrayNode().add("a").add("a"), F.nullNode())) {
                    ObjectNode copy = (ObjectNode) n.deepCopy();
                    copy.set(name, v);
                    out.add(path.isEmpty() ? copy : TreeEdits.replaced(tree, path, copy));
                }
            }
        }
        out.add(TreeEdits.everywhere(tree, paths, v -> v.isValueNode() ? F.objectNode().put("x", 1) : null));
        out.add(TreeEdits.everywhere(tree, paths, v -> v.isTextual() ? F.numberNode(3) : v.isNumber() ? F.textNode("3") : null));
        out.add(TreeEdits.everywhere(tree, paths, v -> v.isValueNode() ? F.nullNode() : null));
        return out;
    }

    /** What any value can be turned into, by its type (YAML's numbers too: long, big, decimal). */
    private static List<JsonNode> replacements(JsonNode n) {
        List<JsonNode> r = new ArrayList<>();
        if (n.isTextual()) {
            r.addAll(List.of(F.numberNode(42), F.booleanNode(true), F.numberNode(1.5), F.objectNode().put("k", "v"),
                    F.arrayNode().add("x"), F.nullNode(), F.textNode(""), F.textNode(" "), F.textNode("Not/An Enum~Value-" + n.textValue()),
                    F.textNode("x".repeat(300)), F.textNode("é".repeat(40)), F.textNode(n.textValue().toUpperCase()),
                    F.textNode(n.textValue() + "\n")));
        } else if (n.isNumber()) {
            r.addAll(List.of(F.textNode(n.asText()), F.numberNode(2.5), F.numberNode(2.0), F.numberNode(new BigDecimal("3.0")),
                    F.numberNode(-1), F.numberNode(0), F.numberNode(99999999999L),
                    F.numberNode(new BigInteger("123456789012345678901234567890")), F.numberNode(1e300),
                    F.objectNode(), F.arrayNode().add(1), F.nullNode(), F.booleanNode(false)));
        } else if (n.isBoolean()) {
            r.addAll(List.of(F.textNode("yes"), F.numberNode(0), F.nullNode(), F.objectNode(), F.arrayNode().add(true)));
        } else if (n.isObject()) {
            r.addAll(List.of(F.textNode("obj"), F.numberNode(1), F.arrayNode().add(F.objectNode()), F.nullNode(), F.arrayNode()));
        } else if (n.isArray()) {
            r.addAll(List.of(F.textNode("arr"), F.numberNode(1), F.objectNode().put("a", 1), F.objectNode(), F.nullNode()));
        }
        return r;
    }

    /** Values the schema of this place refuses narrowly: an enum near-miss, one past each bound, a bad form. */
    private static List<JsonNode> againstSchema(JsonNode n, JsonNode sub) {
        List<JsonNode> r = new ArrayList<>();
        JsonNode e = sub.path("enum");
        if (e.isArray() && !e.isEmpty()) {
            String first = e.get(e.size() - 1).asText();
            r.add(F.textNode(first.isEmpty() ? "x" : first.substring(0, first.length() - 1)));
            r.add(F.textNode(first + "s"));
        }
        if (sub.has("minimum")) {
            r.add(F.numberNode(sub.get("minimum").decimalValue().subtract(BigDecimal.ONE)));
            r.add(F.numberNode(sub.get("minimum").longValue() - 1));
            r.add(F.numberNode(sub.get("minimum").doubleValue() - 0.5));
        }
        if (sub.has("maximum")) {
            r.add(F.numberNode(sub.get("maximum").longValue() + 1));
            r.add(F.numberNode(sub.get("maximum").doubleValue() + 0.5));
            r.add(F.numberNode(sub.get("maximum").longValue()));
        }
        if (sub.has("maxLength")) {
            int max = sub.get("maxLength").asInt();
            r.add(F.textNode("a".repeat(max + 1)));
            r.add(F.textNode("a".repeat(max)));
        }
        if (sub.has("minLength")) {
            r.add(F.textNode(""));
        }
        if (sub.has("pattern")) {
            r.add(F.textNode("Bad_Value!"));
            r.add(F.textNode("-" + n.asText()));
            r.add(F.textNode(n.asText() + " "));
        }
        return r;
    }

    private static List<JsonNode> objectChanges(ObjectNode n, JsonNode sub) {
        List<JsonNode> r = new ArrayList<>();
        r.add(n.deepCopy().put("zzUnknown", "v"));
        r.add(n.deepCopy().putNull("zzNull"));
        r.add(n.deepCopy().put("a/b~c\nd", 7).put("#note", 1));
        // map keys Kubernetes or the spec would refuse, and a misspelling of a known field
        for (String key : List.of("Bad Key", "-lead", "a".repeat(70), "x/" + "b".repeat(64), "UPPER", "a: b",
                "example.com/ok", "dup")) {
            r.add(n.deepCopy().put(key, "v"));
            r.add(n.deepCopy().set(key, F.objectNode()));
        }
        var names = sub.path("properties").fieldNames();
        if (names.hasNext()) {
            String known = names.next();
            r.add(n.deepCopy().put(known.substring(0, known.length() - 1), "v"));
        }
        for (var it = n.fieldNames(); it.hasNext(); ) {
            ObjectNode removed = n.deepCopy();
            removed.remove(it.next());
            r.add(removed);
        }
        return r;
    }

    private static List<JsonNode> arrayChanges(ArrayNode n) {
        List<JsonNode> r = new ArrayList<>();
        r.add(F.arrayNode());
        if (!n.isEmpty()) {
            r.add(n.deepCopy().add(n.get(0).deepCopy()));
            r.add(n.deepCopy().addNull());
            r.add(n.deepCopy().add(5).add(F.objectNode().put("zz", 1)).add("s").add(F.arrayNode()));
        }
        return r;
    }

    static JsonPointer pointer(List<Object> path) {
        JsonPointer p = JsonPointer.empty();
        for (Object o : path) {
            p = o instanceof Integer i ? p.appendIndex(i) : p.appendProperty((String) o);
        }
        return p;
    }

    private static List<List<Object>> objectPaths(JsonNode tree) {
        List<List<Object>> all = new ArrayList<>();
        all.add(List.of());
        all.addAll(TreeEdits.paths(tree, Set.of()));
        return all.stream().filter(p -> TreeEdits.at(tree, p).isObject()).toList();
    }
}
