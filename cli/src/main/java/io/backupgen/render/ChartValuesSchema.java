package io.backupgen.render;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.spec.SpecSchema;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The chart's values.schema.json, from {@link ChartValues}' one table of leaves: each leaf's schema is
 * the spec's own for the same field (so helm rejects what the spec would), or written here for the
 * values the spec has no field for.
 */
final class ChartValuesSchema {
    /**
     * Spec fields whose empty value means "derive it"; in the chart the value is already derived, so
     * empty is an error there.
     */
    private static final List<String> REQUIRED_TEXT = List.of("project.slug", "database.host", "database.name",
            "database.credentials.secretName", "image.tag", "serviceAccount.name", "verify.scratchSize");

    private ChartValuesSchema() {
    }

    /** The chart's values.schema.json: every object strict (unknown keys fail), every leaf required. */
    static ObjectNode schema(String title) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", title);
        objectSchema(root);
        for (ChartValues.Leaf leaf : ChartValues.leaves()) {
            String[] parts = leaf.path().split("\\.");
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                ObjectNode props = (ObjectNode) at.get("properties");
                if (!props.has(parts[i])) {
                    ((ArrayNode) at.get("required")).add(parts[i]);
                    objectSchema(props.putObject(parts[i]));
                }
                at = (ObjectNode) props.get(parts[i]);
            }
            ((ArrayNode) at.get("required")).add(parts[parts.length - 1]);
            ((ObjectNode) at.get("properties")).set(parts[parts.length - 1], leaf.schema());
        }
        // Kubernetes' shapes (affinity, tolerations, ...) once, under definitions, however many leaves use them.
        SortedMap<String, JsonNode> definitions = new TreeMap<>();
        ChartDefinitions.collect(root, definitions);
        if (!definitions.isEmpty()) {
            root.putObject("definitions").setAll(definitions);
        }
        return root;
    }

    private static void objectSchema(ObjectNode node) {
        node.put("type", "object");
        node.put("additionalProperties", false);
        node.putArray("required");
        node.putObject("properties");
    }

    static ObjectNode leaf(String path) {
        Optional<ObjectNode> computed = AlertValues.computedSchema(path);
        if (computed.isPresent()) {
            return computed.get();
        }
        if (path.equals("security.runAsGroup")) {
            ObjectNode s = ((ObjectNode) SpecSchema.get().at(pointer("security.runAsUser")).orElseThrow()).deepCopy();
            s.put("description", "GID the backup containers run as (default: the same as runAsUser), or auto: none.");
            return s;
        }
        if (path.equals("verify.suspend")) {
            // Not a spec field: an environment's 'suspend: true' suspends verification too.
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "boolean");
            s.put("description", "Render the verification CronJob suspended.");
            return s;
        }
        if (path.startsWith("offsite.keep.")) {
            // 0 stands for the spec's absent value: as many as the tier keeps on the volume.
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "integer");
            s.put("minimum", 0);
            s.put("maximum", 1000);
            s.put("description", "Backups of the " + path.substring("offsite.keep.".length()) + " tier kept in the"
                    + " bucket (0: as many as tiers.<tier>.keep).");
            return s;
        }
        if (path.equals("networkPolicy.egress")) {
            // Not a spec field: the rules the model computed from networkPolicy.* (database, DNS, extra).
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "array");
            s.put("description", "Where the pods may connect (Kubernetes NetworkPolicy egress rules), as backupgen"
                    + " computed them from the spec: the database, cluster DNS, then any extra egress.");
            s.putObject("items").put("$ref", ChartDefinitions.ref("io.k8s.api.networking.v1.NetworkPolicyEgressRule"));
            return s;
        }
        JsonPointer ptr = pointer(path);
        JsonNode raw = SpecSchema.get().at(ptr.head()).map(parent -> parent.path("properties").path(ptr.last().getMatchingProperty()))
                .orElse(null);
        if (raw == null || !raw.isObject()) {
            throw new IllegalStateException("chart value " + path + " has no field in the spec schema");
        }
        // A Kubernetes shape stays a reference (into definitions); anything else is written out here.
        boolean kubernetes = ChartDefinitions.isKubernetesShape(raw);
        ObjectNode s = (ObjectNode) ChartDefinitions.rewrite(kubernetes ? raw : SpecSchema.get().resolve(raw));
        if (REQUIRED_TEXT.contains(path)) {
            s.put("minLength", 1);
        }
        if (path.equals("project.namespace")) {
            s.put("description", "Namespace written on every object (empty: none, the release namespace applies).");
        }
        if (path.equals("networkPolicy.enabled")) {
            s.put("description", "Render the NetworkPolicy (backupgen sets it when the spec says where the database is).");
        }
        if (path.equals("serviceAccount.name")) {
            s.put("description", "ServiceAccount the pods run as: rendered with create, an existing one without.");
        }
        return s;
    }

    private static JsonPointer pointer(String dotted) {
        return JsonPointer.compile("/" + dotted.replace(".", "/"));
    }
}
