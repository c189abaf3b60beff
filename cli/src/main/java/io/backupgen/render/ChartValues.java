package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.Engines;
import io.backupgen.spec.Spec;
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
            "verify.enabled", "verify.schedule", "verify.timeZone", "verify.suspend", "verify.tier", "verify.mode",
            "verify.scratchSize", "verify.minTables",
            "verify.startingDeadlineSeconds", "verify.activeDeadlineSeconds",
            "verify.resources.requests.cpu", "verify.resources.requests.memory", "verify.resources.limits.cpu",
            "verify.resources.limits.memory",
            "tiers.mode");
    /** A pod's placement fields, for each job (tiers.&lt;tier&gt;.pod, restore.pod, verify.pod): resolved per job. */
    static final List<String> POD_FIELDS = List.of("nodeSelector", "tolerations", "affinity", "priorityClassName",
            "annotations", "labels", "imagePullSecrets");
    /** Values of fitting real clusters (issue 12); leaves() groups them with their sections. */
    private static final List<String> CLUSTER_LEAVES = List.of(
            "storage.existingClaim", "storage.protect",
            "serviceAccount.create", "serviceAccount.name", "serviceAccount.annotations",
            "networkPolicy.enabled", "networkPolicy.egress");
    /** Values of off-site copies (issue 9): the spec's offsite section, keep resolved per tier. */
    private static final List<String> OFFSITE_LEAVES = List.of("storage.mode", "offsite.enabled", "offsite.provider",
            "offsite.endpoint", "offsite.region", "offsite.bucket", "offsite.prefix", "offsite.pathStyle",
            "offsite.storageClass", "offsite.caBundle.secretName", "offsite.caBundle.key",
            "offsite.credentials.secretName", "offsite.credentials.accessKeyIdKey",
            "offsite.credentials.secretAccessKeyKey", "offsite.encryption.enabled", "offsite.encryption.secretName",
            "offsite.encryption.passwordKey", "offsite.encryption.saltKey", "offsite.keep.daily", "offsite.keep.weekly",
            "offsite.keep.monthly", "offsite.image", "offsite.resources.requests.cpu",
            "offsite.resources.requests.memory", "offsite.resources.limits.cpu", "offsite.resources.limits.memory");
    private ChartValues() {
    }

    /** Every leaf, in the order values.yaml lists them: each section's leaves together. */
    public static List<Leaf> leaves() {
        List<String> paths = new ArrayList<>(GLOBAL_LEAVES);
        paths.addAll(CLUSTER_LEAVES);
        paths.addAll(OFFSITE_LEAVES);
        for (String job : List.of("restore", "verify")) {
            POD_FIELDS.forEach(f -> paths.add(job + ".pod." + f));
        }
        paths.addAll(AlertValues.SPEC_LEAVES);
        paths.addAll(AlertValues.computedLeaves());
        paths.add(AlertValues.METRICS_LEAF);
        for (String tier : TIERS) {
            for (String field : TIER_FIELDS) {
                paths.add("tiers." + tier + "." + field);
            }
            POD_FIELDS.forEach(f -> paths.add("tiers." + tier + ".pod." + f));
        }
        // The engines' values (grouped below into their sections: database.cnpg.* with database.*).
        Map<String, ObjectNode> own = new LinkedHashMap<>();
        for (Engine e : Engines.all()) {
            for (Engine.ChartValue v : e.chartValues()) {
                paths.add(v.path());
                if (v.schema() != null) {
                    own.put(v.path(), v.schema());
                }
            }
        }
        List<Leaf> out = new ArrayList<>();
        for (String path : grouped(paths)) {
            out.add(new Leaf(path, own.containsKey(path) ? own.get(path).deepCopy() : ChartValuesSchema.leaf(path)));
        }
        return out;
    }

    /**
     * Dotted paths reordered so that the paths of each section (and sub-section) are adjacent, in the
     * order the sections first appear: values.yaml then opens every section once.
     */
    static List<String> grouped(List<String> paths) {
        Map<String, List<String>> bySection = new LinkedHashMap<>();
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            int dot = p.indexOf('.');
            bySection.computeIfAbsent(dot < 0 ? p : p.substring(0, dot + 1), k -> new ArrayList<>()).add(p);
        }
        bySection.forEach((section, members) -> {
            if (!section.endsWith(".")) {
                out.addAll(members);
                return;
            }
            List<String> rest = members.stream().map(m -> m.substring(section.length())).toList();
            grouped(rest).forEach(r -> out.add(section + r));
        });
        return out;
    }

    /** Dotted path to value, in leaf order. */
    public static Map<String, JsonNode> values(Source source) {
        Map<String, JsonNode> v = unordered(source);
        clusterValues(source, v);
        Map<String, JsonNode> ordered = new LinkedHashMap<>();
        for (Leaf leaf : leaves()) {
            if (!v.containsKey(leaf.path())) {
                throw new IllegalStateException("chart value " + leaf.path() + " has no value; values: " + v.keySet());
            }
            ordered.put(leaf.path(), v.remove(leaf.path()));
        }
        if (!v.isEmpty()) {
            throw new IllegalStateException("chart values " + v.keySet() + " are not leaves");
        }
        return ordered;
    }

    /**
     * The values of fitting real clusters: each job's resolved placement, the ServiceAccount, the
     * storage switches and the NetworkPolicy's computed egress rules.
     */
    private static void clusterValues(Source source, Map<String, JsonNode> v) {
        BackupModel m = source.model();
        JsonNodeFactory f = JsonNodeFactory.instance;
        Spec.Storage st = source.spec().storage();
        v.put("storage.existingClaim", f.textNode(st.existingClaim() == null ? "" : st.existingClaim()));
        v.put("storage.protect", f.booleanNode(st.protect()));
        v.put("serviceAccount.create", f.booleanNode(m.serviceAccount().create()));
        v.put("serviceAccount.name", f.textNode(m.serviceAccount().name()));
        v.put("serviceAccount.annotations", TREES.valueToTree(m.serviceAccount().annotations()));
        v.put("networkPolicy.enabled", f.booleanNode(m.networkPolicy().enabled()));
        v.put("networkPolicy.egress", TREES.valueToTree(m.networkPolicy().egress().stream()
                .map(BackupModel.EgressTarget::rule).toList()));
        offsiteValues(source, v);
        pod(v, "restore.pod.", m.restore().job().pod());
        pod(v, "verify.pod.", m.verify().job().pod());
        for (BackupModel.Tier t : source.allTiers()) {
            pod(v, "tiers." + t.name() + ".pod.", t.job().pod());
        }
    }

    /** The spec's offsite section as it is (defaults filled), with each tier's keep in the bucket resolved. */
    private static void offsiteValues(Source source, Map<String, JsonNode> v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        io.backupgen.spec.OffsiteSpec o = source.spec().offsite();
        v.put("storage.mode", f.textNode(source.spec().storage().scratch() ? "scratch" : "volume"));
        v.put("offsite.enabled", f.booleanNode(o.enabled()));
        v.put("offsite.provider", f.textNode(o.provider()));
        v.put("offsite.endpoint", f.textNode(text(o.endpoint())));
        v.put("offsite.region", f.textNode(text(o.region())));
        v.put("offsite.bucket", f.textNode(text(o.bucket())));
        v.put("offsite.prefix", f.textNode(text(o.prefix())));
        v.put("offsite.pathStyle", f.booleanNode(o.pathStyle()));
        v.put("offsite.storageClass", f.textNode(text(o.storageClass())));
        v.put("offsite.caBundle.secretName", f.textNode(text(o.caBundle().secretName())));
        v.put("offsite.caBundle.key", f.textNode(o.caBundle().key()));
        v.put("offsite.credentials.secretName", f.textNode(text(o.credentials().secretName())));
        v.put("offsite.credentials.accessKeyIdKey", f.textNode(o.credentials().accessKeyIdKey()));
        v.put("offsite.credentials.secretAccessKeyKey", f.textNode(o.credentials().secretAccessKeyKey()));
        v.put("offsite.encryption.enabled", f.booleanNode(o.encryption().enabled()));
        v.put("offsite.encryption.secretName", f.textNode(text(o.encryption().secretName())));
        v.put("offsite.encryption.passwordKey", f.textNode(o.encryption().passwordKey()));
        v.put("offsite.encryption.saltKey", f.textNode(o.encryption().saltKey()));
        for (String tier : TIERS) {
            Integer k = o.keep() == null ? null : o.keep().of(tier);
            v.put("offsite.keep." + tier, f.numberNode(k != null ? k : 0));
        }
        v.put("offsite.image", f.textNode(o.image()));
        resources(v, "offsite.", io.backupgen.model.ModelBuilder.resourcesOf(o.resources()));
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static void pod(Map<String, JsonNode> v, String prefix, BackupModel.Pod pod) {
        v.put(prefix + "nodeSelector", TREES.valueToTree(pod.nodeSelector()));
        v.put(prefix + "tolerations", TREES.valueToTree(pod.tolerations()));
        v.put(prefix + "affinity", TREES.valueToTree(pod.affinity()));
        v.put(prefix + "priorityClassName", JsonNodeFactory.instance.textNode(pod.priorityClassName()));
        v.put(prefix + "annotations", TREES.valueToTree(pod.annotations()));
        v.put(prefix + "labels", TREES.valueToTree(pod.labels()));
        v.put(prefix + "imagePullSecrets", TREES.valueToTree(pod.imagePullSecrets()));
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper TREES = new com.fasterxml.jackson.databind.ObjectMapper();

    /** A fixed ID, or "auto" where the model writes none. */
    private static JsonNode id(Integer id) {
        return id == null ? JsonNodeFactory.instance.textNode(Spec.IdOrAuto.AUTO) : JsonNodeFactory.instance.numberNode(id);
    }

    private static Map<String, JsonNode> unordered(Source source) {
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
        v.put("security.runAsUser", id(m.security().runAsUser()));
        v.put("security.runAsGroup", id(m.security().runAsGroup()));
        v.put("security.fsGroup", id(m.security().fsGroup()));
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
        v.put("verify.mode", f.textNode(m.verify().mode()));
        v.put("verify.scratchSize", f.textNode(s.scratchSize() == null || s.scratchSize().isEmpty()
                ? m.storage().size() : s.scratchSize()));
        v.put("verify.minTables", f.numberNode(s.minTables()));
        v.put("verify.startingDeadlineSeconds", f.numberNode(verify.startingDeadlineSeconds()));
        v.put("verify.activeDeadlineSeconds", f.numberNode(verify.activeDeadlineSeconds()));
        resources(v, "verify.", verify.resources());
        AlertValues.put(v, source);
        AlertValues.putMetrics(v, source);
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
        return v;
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

    /** Leaves of {@code env} whose value differs from {@code base}'s: what values-&lt;env&gt;.yaml holds. */
    public static Map<String, JsonNode> difference(Map<String, JsonNode> base, Map<String, JsonNode> env) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode from = base.get(e.getKey());
            if (!e.getValue().equals(from)) {
                out.put(e.getKey(), from != null ? mergePatch(from, e.getValue()) : e.getValue());
            }
        }
        return out;
    }

    /**
     * What a values file must say so that Helm, which merges a values file into the defaults map by map
     * (a null deletes a key; lists and scalars replace), ends with {@code to}: an RFC 7386 merge patch.
     * A map value (a nodeSelector, an affinity) is therefore never merged into keys the environment dropped.
     */
    static JsonNode mergePatch(JsonNode from, JsonNode to) {
        if (!from.isObject() || !to.isObject()) {
            return to;
        }
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        from.fieldNames().forEachRemaining(k -> {
            if (!to.has(k)) {
                patch.putNull(k);
            }
        });
        to.fields().forEachRemaining(e -> {
            JsonNode old = from.get(e.getKey());
            if (old == null) {
                patch.set(e.getKey(), e.getValue());
            } else if (!old.equals(e.getValue())) {
                patch.set(e.getKey(), mergePatch(old, e.getValue()));
            }
        });
        return patch;
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
