package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.Engines;
import io.backupgen.spec.Spec;
import io.backupgen.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Helm chart's values: one table of leaves drives values.yaml, values.schema.json and the
 * README's values table, so the three cannot disagree.
 *
 * <p>Values are the model's resolved values, not the spec's raw ones: a derived default (the image
 * tag from the PostgreSQL version, the uid from the image flavour, the Secret name from the slug) is
 * decided by the model once and written as the value's default, so the chart's templates only lay
 * values out and never repeat a decision. Each leaf's type, constraints and description come from
 * the spec's own JSON Schema where the spec has the same field, so a value the spec would reject is
 * rejected by {@code helm} too.
 */
public final class ChartValues {
    /**
     * What a chart's values are read from: the model, every tier (the model holds enabled ones only)
     * and the spec, for plain switches the model folds into ConfigMap strings or drops when a part is
     * disabled (backup format, restore tier, ...).
     */
    public record Source(BackupModel model, List<BackupModel.Tier> allTiers, Spec spec) {
    }

    /** One value: its dotted path, its JSON schema (with description) and the value read from a model. */
    public record Leaf(String path, ObjectNode schema) {
        public String description() {
            return schema.path("description").asText();
        }
    }

    static final List<String> TIERS = List.of("daily", "weekly", "monthly");
    static final List<String> TIER_FIELDS = List.of("enabled", "schedule", "timeZone", "keep", "suspend",
            "startingDeadlineSeconds", "activeDeadlineSeconds", "backoffLimit", "successfulJobsHistoryLimit",
            "failedJobsHistoryLimit", "resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu",
            "resources.limits.memory");
    private static final List<String> GLOBAL_LEAVES = List.of("project.name", "project.slug", "project.namespace",
            "database.host", "database.port", "database.name", "database.credentials.secretName",
            "database.credentials.usernameKey", "database.credentials.passwordKey",
            "image.repository", "image.tag", "image.digest", "image.pullPolicy",
            "security.runAsUser", "security.runAsGroup", "security.fsGroup",
            "storage.size", "storage.storageClassName", "storage.accessMode",
            "backup.format", "backup.compressionLevel", "backup.globals", "backup.noRolePasswords",
            "restore.enabled", "restore.tier", "restore.force", "restore.backupFirst", "restore.activeDeadlineSeconds",
            "restore.resources.requests.cpu", "restore.resources.requests.memory", "restore.resources.limits.cpu",
            "restore.resources.limits.memory",
            "verify.enabled", "verify.schedule", "verify.timeZone", "verify.suspend", "verify.tier", "verify.minTables",
            "verify.startingDeadlineSeconds", "verify.activeDeadlineSeconds",
            "verify.resources.requests.cpu", "verify.resources.requests.memory", "verify.resources.limits.cpu",
            "verify.resources.limits.memory",
            "tiers.mode");
    /**
     * Spec fields whose empty value means "derive it"; in the chart the value is already derived, so
     * empty is an error there.
     */
    private static final List<String> REQUIRED_TEXT = List.of("project.slug", "database.host", "database.name",
            "database.credentials.secretName", "image.tag");

    private ChartValues() {
    }

    /** Every leaf, in the order values.yaml lists them. */
    public static List<Leaf> leaves() {
        JsonNode spec = specSchema();
        List<Leaf> out = new ArrayList<>();
        for (String path : GLOBAL_LEAVES) {
            out.add(new Leaf(path, leafSchema(spec, path)));
        }
        for (String tier : TIERS) {
            for (String field : TIER_FIELDS) {
                String path = "tiers." + tier + "." + field;
                out.add(new Leaf(path, leafSchema(spec, path)));
            }
        }
        for (Engine e : Engines.all()) {
            for (Engine.ChartValue v : e.chartValues()) {
                insertInSection(out, new Leaf(v.path(), v.schema() != null ? v.schema().deepCopy()
                        : specLeafSchema(spec, v.specPath())));
            }
        }
        return out;
    }

    /**
     * Adds {@code leaf} after the last leaf of its top-level section (database.cnpg.* after database.*),
     * or at the end: values.yaml then opens each section once.
     */
    private static void insertInSection(List<Leaf> leaves, Leaf leaf) {
        String section = leaf.path().substring(0, leaf.path().indexOf('.') + 1);
        int at = leaves.size();
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.get(i).path().startsWith(section)) {
                at = i + 1;
            }
        }
        leaves.add(at, leaf);
    }

    /** An engine value's schema: the spec field's, copied. */
    private static ObjectNode specLeafSchema(JsonNode spec, String specPath) {
        JsonNode at = spec;
        for (String part : specPath.split("\\.")) {
            at = at.path("properties").path(part);
        }
        if (!at.isObject()) {
            throw new IllegalStateException("engine chart value " + specPath + " has no field in the spec schema");
        }
        return ((ObjectNode) at).deepCopy();
    }

    /** Dotted path to value, in leaf order. */
    public static Map<String, JsonNode> values(Source source) {
        BackupModel m = source.model();
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("project.name", f.textNode(m.projectName()));
        v.put("project.slug", f.textNode(m.slug()));
        v.put("project.namespace", f.textNode(m.namespace()));
        v.put("database.host", f.textNode(m.database().host()));
        v.put("database.port", f.numberNode(m.database().port()));
        v.put("database.name", f.textNode(m.database().name()));
        v.put("database.credentials.secretName", f.textNode(m.names().credentialsSecret()));
        v.put("database.credentials.usernameKey", f.textNode(m.database().usernameKey()));
        v.put("database.credentials.passwordKey", f.textNode(m.database().passwordKey()));
        ImageParts image = ImageParts.of(m.image().reference());
        v.put("image.repository", f.textNode(image.repository()));
        v.put("image.tag", f.textNode(image.tag()));
        v.put("image.digest", f.textNode(image.digest()));
        v.put("image.pullPolicy", f.textNode(m.image().pullPolicy()));
        v.put("security.runAsUser", f.numberNode(m.security().runAsUser()));
        v.put("security.runAsGroup", f.numberNode(m.security().runAsGroup()));
        v.put("security.fsGroup", f.numberNode(m.security().fsGroup()));
        v.put("storage.size", f.textNode(m.storage().size()));
        v.put("storage.storageClassName", f.textNode(m.storage().storageClassName()));
        v.put("storage.accessMode", f.textNode(m.storage().accessMode()));
        Spec.Backup b = source.spec().backup();
        v.put("backup.format", f.textNode(b.format()));
        v.put("backup.compressionLevel", f.numberNode(b.compressionLevel()));
        v.put("backup.globals", f.booleanNode(b.globals()));
        v.put("backup.noRolePasswords", f.booleanNode(b.noRolePasswords()));
        Spec.Restore r = source.spec().restore();
        BackupModel.Job restore = m.restore().job();
        v.put("restore.enabled", f.booleanNode(m.restore().enabled()));
        v.put("restore.tier", f.textNode(r.tier()));
        v.put("restore.force", f.booleanNode(r.force()));
        v.put("restore.backupFirst", f.booleanNode(r.backupFirst()));
        v.put("restore.activeDeadlineSeconds", f.numberNode(restore.activeDeadlineSeconds()));
        resources(v, "restore.", restore.resources());
        Spec.Verify s = source.spec().verify();
        BackupModel.Job verify = m.verify().job();
        v.put("verify.enabled", f.booleanNode(m.verify().enabled()));
        v.put("verify.schedule", f.textNode(verify.schedule()));
        v.put("verify.timeZone", f.textNode(verify.timeZone()));
        v.put("verify.suspend", f.booleanNode(verify.suspend()));
        v.put("verify.tier", f.textNode(s.tier()));
        v.put("verify.minTables", f.numberNode(s.minTables()));
        v.put("verify.startingDeadlineSeconds", f.numberNode(verify.startingDeadlineSeconds()));
        v.put("verify.activeDeadlineSeconds", f.numberNode(verify.activeDeadlineSeconds()));
        resources(v, "verify.", verify.resources());
        v.put("tiers.mode", f.textNode(source.spec().tiers().mode()));
        for (BackupModel.Tier t : source.allTiers()) {
            String p = "tiers." + t.name() + ".";
            BackupModel.Job job = t.job();
            boolean enabled = m.tiers().stream().anyMatch(e -> e.name().equals(t.name()));
            v.put(p + "enabled", f.booleanNode(enabled));
            v.put(p + "schedule", f.textNode(job.schedule()));
            v.put(p + "timeZone", f.textNode(job.timeZone()));
            v.put(p + "keep", f.numberNode(t.keep()));
            v.put(p + "suspend", f.booleanNode(job.suspend()));
            v.put(p + "startingDeadlineSeconds", f.numberNode(job.startingDeadlineSeconds()));
            v.put(p + "activeDeadlineSeconds", f.numberNode(job.activeDeadlineSeconds()));
            v.put(p + "backoffLimit", f.numberNode(job.backoffLimit()));
            v.put(p + "successfulJobsHistoryLimit", f.numberNode(job.successfulJobsHistoryLimit()));
            v.put(p + "failedJobsHistoryLimit", f.numberNode(job.failedJobsHistoryLimit()));
            resources(v, p, job.resources());
        }
        for (Engine e : Engines.all()) {
            v.putAll(e.chartValues(source.spec(), m));
        }
        // In leaf order (engine values sit in their sections), and exactly the leaves.
        List<String> expected = leaves().stream().map(Leaf::path).toList();
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        for (String path : expected) {
            if (!v.containsKey(path)) {
                throw new IllegalStateException("chart value " + path + " has no value; values: " + v.keySet());
            }
            ordered.put(path, v.remove(path));
        }
        if (!v.isEmpty()) {
            throw new IllegalStateException("chart values " + v.keySet() + " are not leaves");
        }
        return ordered;
    }

    private static void resources(Map<String, JsonNode> v, String prefix, BackupModel.Resources r) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        v.put(prefix + "resources.requests.cpu", f.textNode(r.requestsCpu()));
        v.put(prefix + "resources.requests.memory", f.textNode(r.requestsMemory()));
        v.put(prefix + "resources.limits.cpu", f.textNode(r.limitsCpu()));
        v.put(prefix + "resources.limits.memory", f.textNode(r.limitsMemory()));
    }

    /** Dotted paths as nested objects, in the given order. */
    public static ObjectNode tree(Map<String, JsonNode> flat) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        flat.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
            }
            at.set(parts[parts.length - 1], value);
        });
        return root;
    }

    /** The chart's values.schema.json: every object strict (unknown keys fail), every leaf required. */
    public static ObjectNode schema(String title) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("$schema", "http://json-schema.org/draft-07/schema#");
        root.put("title", title);
        objectSchema(root);
        for (Leaf leaf : leaves()) {
            String[] parts = leaf.path().split("\\.");
            ObjectNode at = root;
            for (int i = 0; i < parts.length - 1; i++) {
                ObjectNode props = (ObjectNode) at.get("properties");
                if (!props.has(parts[i])) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) at.get("required")).add(parts[i]);
                    objectSchema(props.putObject(parts[i]));
                }
                at = (ObjectNode) props.get(parts[i]);
            }
            ((com.fasterxml.jackson.databind.node.ArrayNode) at.get("required")).add(parts[parts.length - 1]);
            ((ObjectNode) at.get("properties")).set(parts[parts.length - 1], leaf.schema());
        }
        return root;
    }

    private static void objectSchema(ObjectNode node) {
        node.put("type", "object");
        node.put("additionalProperties", false);
        node.putArray("required");
        node.putObject("properties");
    }

    private static ObjectNode leafSchema(JsonNode spec, String path) {
        if (path.equals("security.runAsGroup")) {
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "integer");
            s.put("description", "GID the backup containers run as (default: the same as runAsUser).");
            s.set("minimum", IntNode.valueOf(1));
            return s;
        }
        if (path.equals("verify.suspend")) {
            // Not a spec field: an environment's 'suspend: true' suspends verification too.
            ObjectNode s = JsonNodeFactory.instance.objectNode();
            s.put("type", "boolean");
            s.put("description", "Render the verification CronJob suspended.");
            return s;
        }
        JsonNode at = spec;
        for (String part : path.split("\\.")) {
            at = at.path("properties").path(part);
        }
        if (!at.isObject()) {
            throw new IllegalStateException("chart value " + path + " has no field in the spec schema");
        }
        ObjectNode s = ((ObjectNode) at).deepCopy();
        if (REQUIRED_TEXT.contains(path)) {
            s.put("minLength", 1);
        }
        if (path.equals("project.namespace")) {
            s.put("description", "Namespace written on every object (empty: none, the release namespace applies).");
        }
        return s;
    }

    private static JsonNode specSchema() {
        try (InputStream in = ChartValues.class.getResourceAsStream(SpecSchema.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("spec schema missing from the jar: " + SpecSchema.RESOURCE);
            }
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves of {@code env} whose value differs from {@code base}'s: what values-&lt;env&gt;.yaml holds. */
    public static Map<String, JsonNode> difference(Map<String, JsonNode> base, Map<String, JsonNode> env) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(base.get(e.getKey()))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * An image reference split back into what the chart's values hold. The model writes references as
     * {@code repository:tag[@digest]}; a ':' before the last '/' is a registry port, not a tag.
     */
    record ImageParts(String repository, String tag, String digest) {
        static ImageParts of(String reference) {
            String digest = "";
            String rest = reference;
            int at = rest.indexOf('@');
            if (at >= 0) {
                digest = rest.substring(at + 1);
                rest = rest.substring(0, at);
            }
            int colon = rest.lastIndexOf(':');
            if (colon < 0 || colon < rest.lastIndexOf('/')) {
                throw new IllegalStateException("image reference without a tag: " + reference);
            }
            return new ImageParts(rest.substring(0, colon), rest.substring(colon + 1), digest);
        }
    }
}
