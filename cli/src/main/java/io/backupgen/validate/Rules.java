package io.backupgen.validate;

import io.backupgen.kube.KubeValues;
import io.backupgen.text.Suggest;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API-server rules that Kubernetes' JSON schemas do not carry, registered in one list
 * ({@link #ALL}), Helm-lint style. Each is a small function over one document and the set. They
 * need no network and no schemas.
 */
public final class Rules {

    public static final List<Rule> ALL = List.of(
            new Rule("required", Rules::required),
            new Rule("name-dns1123", Rules::nameFormat),
            new Rule("name-length", Rules::nameLength),
            new Rule("label", Rules::labels),
            new Rule("cron", Rules::cron),
            new Rule("time-zone", Rules::timeZone),
            new Rule("quantity", Rules::quantities),
            new Rule("env-name", Rules::envNames),
            new Rule("ref-configmap", Rules::configMapRefs),
            new Rule("ref-secret", Rules::secretRefs),
            new Rule("ref-pvc", Rules::pvcRefs),
            new Rule("ref-serviceaccount", Rules::serviceAccountRefs),
            new Rule("ref-volume", Rules::volumeRefs));

    private Rules() {
    }

    // ---- names -------------------------------------------------------------------------------

    static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** Kinds whose names must be DNS-1123 labels (no dots, at most 63 characters). */
    private static final Set<String> LABEL_NAMED_KINDS = Set.of("Namespace", "Service");
    /**
     * The CronJob controller names Jobs "name-<11 digit timestamp>", and Job names become a label
     * value (at most 63): so the API server rejects CronJob names over 52 characters.
     */
    static final int CRONJOB_NAME_MAX = 52;

    private static void nameFormat(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode meta = doc.body().path("metadata");
        String name = text(meta.get("name"));
        if (name == null || name.isEmpty()) {
            if (text(meta.get("generateName")) == null) {
                sink.error("metadata.name", "name is required");
            }
        } else if (doc.apiVersion().startsWith("rbac.authorization.k8s.io/")) {
            // RBAC names are path segments ("system:backup-reader" is fine), not DNS names.
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid RBAC name: it may not be '.' or '..'"
                        + " or contain '/' or '%'");
            }
        } else {
            boolean label = LABEL_NAMED_KINDS.contains(doc.kind());
            Pattern p = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
            if ("Service".equals(doc.kind()) && !DNS1035_LABEL.matcher(name).matches() && DNS1123_LABEL.matcher(name).matches()) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid Service name: an RFC 1035 label must start"
                        + " with a lower case letter");
            } else if (!p.matcher(name).matches()) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid name: a lowercase RFC 1123 "
                        + (label ? "label" : "subdomain") + " must consist of lower case alphanumeric characters"
                        + (label ? " or '-'" : ", '-' or '.'") + ", and must start and end with an alphanumeric character");
            }
        }
        String ns = text(meta.get("namespace"));
        if (ns != null && !DNS1123_LABEL.matcher(ns).matches()) {
            sink.error("metadata.namespace", "\"" + ns + "\" is not a valid namespace: a lowercase RFC 1123 label");
        }
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> {
                String cn = text(c.get("name"));
                if (cn != null && !DNS1123_LABEL.matcher(cn).matches()) {
                    sink.error(path + ".name", "container name \"" + cn + "\" must be a lowercase RFC 1123 label");
                }
            });
            forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                String vn = text(v.get("name"));
                if (vn != null && !DNS1123_LABEL.matcher(vn).matches()) {
                    sink.error(path + ".name", "volume name \"" + vn + "\" must be a lowercase RFC 1123 label");
                }
            });
        }
    }

    private static void nameLength(Document doc, RuleContext ctx, Rule.Sink sink) {
        String name = doc.name();
        int max = "CronJob".equals(doc.kind()) ? CRONJOB_NAME_MAX : LABEL_NAMED_KINDS.contains(doc.kind()) ? 63 : 253;
        if (name.length() > max) {
            String why = "CronJob".equals(doc.kind())
                    ? " (the API server rejects longer CronJob names: Job names get an 11-character suffix and must fit in a 63-character label)"
                    : "";
            sink.error("metadata.name", "name is " + name.length() + " characters, at most " + max + " allowed" + why);
        }
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> {
                String cn = text(c.get("name"));
                if (cn != null && cn.length() > 63) {
                    sink.error(path + ".name", "container name is " + cn.length() + " characters, at most 63 allowed");
                }
            });
        }
    }

    // ---- required fields ------------------------------------------------------------------------

    /**
     * Fields the API server requires that a schema-less run would otherwise miss (the schemas say
     * "required" for some, the typed model for none). Reported with or without schemas, so offline
     * validation catches a container without a name.
     */
    private static void required(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode spec = doc.body().path("spec");
        switch (doc.kind()) {
            case "CronJob" -> {
                if (isBatch(doc)) {
                    need(spec, "spec", List.of("schedule", "jobTemplate"), sink);
                }
            }
            case "PersistentVolumeClaim" -> {
                if (!spec.path("accessModes").isArray() || spec.path("accessModes").isEmpty()) {
                    sink.error("spec.accessModes", "at least one access mode is required");
                }
                if (spec.path("resources").path("requests").get("storage") == null && spec.get("dataSourceRef") == null) {
                    sink.error("spec.resources.requests.storage", "a PersistentVolumeClaim must request storage");
                }
            }
            default -> {
            }
        }
        for (PodSpec pod : PodSpec.of(doc)) {
            if (!pod.spec().path("containers").isArray() || pod.spec().path("containers").isEmpty()) {
                sink.error(pod.path() + ".containers", "at least one container is required");
            }
            pod.containers().forEach((path, c) -> {
                need(c, path, List.of("name", "image"), sink);
                forEach(c.path("env"), path + ".env", (ep, e) -> need(e, ep, List.of("name"), sink));
                forEach(c.path("volumeMounts"), path + ".volumeMounts", (mp, m) -> need(m, mp, List.of("name", "mountPath"), sink));
            });
            forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (vp, v) -> need(v, vp, List.of("name"), sink));
        }
    }

    private static boolean isBatch(Document doc) {
        return doc.apiVersion().startsWith("batch/");
    }

    private static void need(JsonNode obj, String path, List<String> fields, Rule.Sink sink) {
        for (String f : fields) {
            JsonNode v = obj.get(f);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
                sink.error(FieldPath.field(path, f), "required field \"" + f + "\" is missing");
            }
        }
    }

    // ---- labels ------------------------------------------------------------------------------

    private static void labels(Document doc, RuleContext ctx, Rule.Sink sink) {
        walk(doc.body(), "", null, (path, field, node, parentField) -> {
            boolean labels = ("labels".equals(field) && "metadata".equals(parentField)) || "matchLabels".equals(field);
            if (!labels || !node.isObject()) {
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = FieldPath.field(path, e.getKey());
                labelKey(e.getKey()).ifPresent(m -> sink.error(at, m));
                JsonNode v = e.getValue();
                if (!v.isTextual()) {
                    sink.error(at, "label value must be a string, got " + kindOf(v) + " (quote it)");
                } else {
                    labelValue(v.asText()).ifPresent(m -> sink.error(at, m));
                }
            }
        });
    }

    static Optional<String> labelKey(String key) {
        return KubeValues.labelKeyProblem(key);
    }

    static Optional<String> labelValue(String value) {
        return KubeValues.labelValueProblem(value);
    }

    // ---- cron and time zones -----------------------------------------------------------------

    private static void cron(Document doc, RuleContext ctx, Rule.Sink sink) {
        if (!"CronJob".equals(doc.kind())) {
            return;
        }
        JsonNode schedule = doc.body().path("spec").get("schedule");
        if (schedule == null || schedule.isNull()) {
            return; // "required" is the schema's and the structural check's to report
        }
        if (!schedule.isTextual()) {
            return; // wrong type, reported by schema/structure
        }
        boolean hasTimeZone = text(doc.body().path("spec").get("timeZone")) != null;
        KubeValues.cron(schedule.asText(), hasTimeZone).ifPresent(p -> {
            if (p.error()) {
                sink.error("spec.schedule", p.message());
            } else {
                sink.warning("spec.schedule", p.message());
            }
        });
    }

    private static void timeZone(Document doc, RuleContext ctx, Rule.Sink sink) {
        if (!"CronJob".equals(doc.kind())) {
            return;
        }
        JsonNode tz = doc.body().path("spec").get("timeZone");
        if (tz == null || tz.isNull() || !tz.isTextual()) {
            return;
        }
        KubeValues.timeZoneProblem(tz.asText()).ifPresent(m -> sink.error("spec.timeZone", m));
    }

    // ---- quantities --------------------------------------------------------------------------

    static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

    private static void quantities(Document doc, RuleContext ctx, Rule.Sink sink) {
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> resources(c.path("resources"), path + ".resources", sink));
            forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                JsonNode size = v.path("emptyDir").get("sizeLimit");
                if (size != null && !size.isNull()) {
                    quantity(size, path + ".emptyDir.sizeLimit", sink);
                }
            });
        }
        if ("PersistentVolumeClaim".equals(doc.kind())) {
            JsonNode res = doc.body().path("spec").path("resources");
            resources(res, "spec.resources", sink);
        }
    }

    private static void resources(JsonNode res, String path, Rule.Sink sink) {
        Map<String, BigDecimal> requests = new java.util.TreeMap<>();
        Map<String, BigDecimal> limits = new java.util.TreeMap<>();
        for (String kind : List.of("requests", "limits")) {
            JsonNode m = res.path(kind);
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Optional<BigDecimal> v = quantity(e.getValue(), FieldPath.field(path + "." + kind, e.getKey()), sink);
                v.ifPresent(q -> (kind.equals("requests") ? requests : limits).put(e.getKey(), q));
            }
        }
        requests.forEach((name, req) -> {
            BigDecimal lim = limits.get(name);
            if (lim != null && req.compareTo(lim) > 0) {
                sink.error(FieldPath.field(path + ".requests", name), "request " + res.path("requests").get(name).asText()
                        + " is greater than the limit " + res.path("limits").get(name).asText()
                        + " (the API server requires requests <= limits)");
            }
        });
    }

    private static Optional<BigDecimal> quantity(JsonNode node, String path, Rule.Sink sink) {
        if (!node.isTextual() && !node.isNumber()) {
            return Optional.empty(); // wrong type: the schema's and the structural check's to report
        }
        String q = node.asText();
        Optional<BigDecimal> v = parseQuantity(q);
        if (v.isEmpty()) {
            sink.error(path, "\"" + q + "\" is not a Kubernetes quantity (e.g. 500m, 256Mi, 10Gi, 1.5)");
        } else if (v.get().signum() < 0) {
            sink.error(path, "\"" + q + "\" must be greater than or equal to 0");
        }
        return v;
    }

    /** The value of a quantity in base units, or empty when it is not one. */
    static Optional<BigDecimal> parseQuantity(String q) {
        Matcher m = QUANTITY.matcher(q);
        if (!m.matches()) {
            return Optional.empty();
        }
        String suffix = m.group(3) == null ? "" : m.group(3);
        String number = q.substring(0, q.length() - suffix.length());
        BigDecimal n = new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number
                : number.startsWith("+.") || number.startsWith("-.") ? number.charAt(0) + "0" + number.substring(1) : number);
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return Optional.of(n.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
        }
        BigDecimal factor = switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "n" -> new BigDecimal("1e-9");
            case "u" -> new BigDecimal("1e-6");
            case "m" -> new BigDecimal("1e-3");
            case "k" -> new BigDecimal("1e3");
            case "M" -> new BigDecimal("1e6");
            case "G" -> new BigDecimal("1e9");
            case "T" -> new BigDecimal("1e12");
            case "P" -> new BigDecimal("1e15");
            case "E" -> new BigDecimal("1e18");
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            default -> throw new IllegalStateException(suffix);
        };
        return Optional.of(n.multiply(factor));
    }

    // ---- env var names -----------------------------------------------------------------------

    private static final Pattern ENV_NAME_STRICT = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern ENV_NAME_RELAXED = Pattern.compile("[\\x20-\\x3C\\x3E-\\x7E]+");
    /** RelaxedEnvironmentVariableValidation is on by default from 1.32 (beta) and GA in 1.34. */
    static final int RELAXED_ENV_MINOR = 32;

    private static void envNames(Document doc, RuleContext ctx, Rule.Sink sink) {
        boolean relaxed = ctx.options().minor() >= RELAXED_ENV_MINOR;
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((cpath, c) -> forEach(c.path("env"), cpath + ".env", (path, e) -> {
                String name = text(e.get("name"));
                if (name == null) {
                    return;
                }
                if (relaxed ? !ENV_NAME_RELAXED.matcher(name).matches() : !ENV_NAME_STRICT.matcher(name).matches()) {
                    sink.error(path + ".name", "\"" + name + "\" is not a valid environment variable name: "
                            + (relaxed ? "printable ASCII characters other than '='"
                            : "letters, digits, '_', '-' or '.', not starting with a digit (Kubernetes "
                            + ctx.options().kubernetesVersion() + ")"));
                } else if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    sink.warning(path + ".name", "\"" + name + "\" is accepted by Kubernetes but cannot be used from a shell script");
                }
            }));
        }
    }

    // ---- references --------------------------------------------------------------------------

    /** One reference from a pod to another object (and optionally to a key in it). */
    record Ref(String path, String name, String key, String keyPath, boolean optional) {
    }

    private static void configMapRefs(Document doc, RuleContext ctx, Rule.Sink sink) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((cpath, c) -> {
                forEach(c.path("env"), cpath + ".env", (path, e) -> keyRef(e.path("valueFrom").path("configMapKeyRef"),
                        path + ".valueFrom.configMapKeyRef", "name", refs));
                forEach(c.path("envFrom"), cpath + ".envFrom", (path, e) -> keyRef(e.path("configMapRef"),
                        path + ".configMapRef", "name", refs));
            });
            volumeRefs(pod, "configMap", "name", refs);
        }
        resolve(refs, "ConfigMap", ctx, sink, false, Set.of("data", "binaryData"));
    }

    private static void secretRefs(Document doc, RuleContext ctx, Rule.Sink sink) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((cpath, c) -> {
                forEach(c.path("env"), cpath + ".env", (path, e) -> keyRef(e.path("valueFrom").path("secretKeyRef"),
                        path + ".valueFrom.secretKeyRef", "name", refs));
                forEach(c.path("envFrom"), cpath + ".envFrom", (path, e) -> keyRef(e.path("secretRef"),
                        path + ".secretRef", "name", refs));
            });
            volumeRefs(pod, "secret", "secretName", refs);
        }
        // Secrets are usually created out of band (credentials never live in the repo): one not in the
        // set is fine. One that IS in the set must have the referenced keys.
        resolve(refs, "Secret", ctx, sink, true, Set.of("data", "stringData"));
    }

    private static void pvcRefs(Document doc, RuleContext ctx, Rule.Sink sink) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                String claim = text(v.path("persistentVolumeClaim").get("claimName"));
                if (claim != null) {
                    refs.add(new Ref(path + ".persistentVolumeClaim.claimName", claim, null, null, false));
                }
            });
        }
        resolve(refs, "PersistentVolumeClaim", ctx, sink, false, Set.of());
    }

    private static void serviceAccountRefs(Document doc, RuleContext ctx, Rule.Sink sink) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            for (String field : List.of("serviceAccountName", "serviceAccount")) {
                String sa = text(pod.spec().get(field));
                // "default" exists in every namespace.
                if (sa != null && !sa.isEmpty() && !sa.equals("default")) {
                    refs.add(new Ref(pod.path() + "." + field, sa, null, null, false));
                }
            }
        }
        resolve(refs, "ServiceAccount", ctx, sink, false, Set.of());
    }

    private static void volumeRefs(Document doc, RuleContext ctx, Rule.Sink sink) {
        for (PodSpec pod : PodSpec.of(doc)) {
            Set<String> volumes = new HashSet<>();
            forEach(pod.spec().path("volumes"), "", (p, v) -> Optional.ofNullable(text(v.get("name"))).ifPresent(volumes::add));
            pod.containers().forEach((cpath, c) -> forEach(c.path("volumeMounts"), cpath + ".volumeMounts", (path, m) -> {
                String name = text(m.get("name"));
                if (name != null && !volumes.contains(name)) {
                    sink.error(path + ".name", "volume \"" + name + "\" is not defined in "
                            + pod.path() + ".volumes" + nearest(name, volumes));
                }
            }));
        }
    }

    private static void keyRef(JsonNode ref, String path, String nameField, List<Ref> out) {
        String name = text(ref.get(nameField));
        if (name == null) {
            return;
        }
        String key = text(ref.get("key"));
        out.add(new Ref(path + "." + nameField, name, key, path + ".key", ref.path("optional").asBoolean(false)));
    }

    private static void volumeRefs(PodSpec pod, String source, String nameField, List<Ref> out) {
        forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
            JsonNode src = v.path(source);
            volumeSource(src, path + "." + source, nameField, out);
            forEach(v.path("projected").path("sources"), path + ".projected.sources", (sp, s) ->
                    volumeSource(s.path(source), sp + "." + source, "name", out));
        });
    }

    private static void volumeSource(JsonNode src, String path, String nameField, List<Ref> out) {
        String name = text(src.get(nameField));
        if (name == null) {
            return;
        }
        boolean optional = src.path("optional").asBoolean(false);
        out.add(new Ref(path + "." + nameField, name, null, null, optional));
        forEach(src.path("items"), path + ".items", (ip, item) -> {
            String key = text(item.get("key"));
            if (key != null) {
                out.add(new Ref(path + "." + nameField, name, key, ip + ".key", optional));
            }
        });
    }

    private static void resolve(List<Ref> refs, String kind, RuleContext ctx, Rule.Sink sink, boolean mayBeExternal,
                                Set<String> keyFields) {
        Set<String> reportedMissing = new HashSet<>();
        for (Ref r : refs) {
            Optional<Document> target = ctx.find(kind, r.name());
            if (target.isEmpty()) {
                // Volume items repeat the volume's path: report a missing object once per path.
                if (mayBeExternal || !reportedMissing.add(r.path())) {
                    continue;
                }
                String msg = kind + " \"" + r.name() + "\" is not defined in the validated set"
                        + nearest(r.name(), ctx.names(kind));
                if (r.optional()) {
                    sink.warning(r.path(), msg + " (optional reference)");
                } else if (ctx.options().externalRefs() == ValidatorOptions.ExternalRefs.WARN) {
                    sink.warning(r.path(), msg + " (allowed by --allow-external-refs)");
                } else {
                    sink.error(r.path(), msg + "; add it, or pass --allow-external-refs when the set is partial");
                }
                continue;
            }
            if (r.key() == null) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            for (String f : keyFields) {
                target.get().body().path(f).fieldNames().forEachRemaining(keys::add);
            }
            if (!keys.contains(r.key())) {
                String msg = "key \"" + r.key() + "\" is not in " + kind + " \"" + r.name() + "\" (defined in "
                        + target.get().source() + "; keys: " + String.join(", ", keys) + ")" + nearest(r.key(), keys);
                if (r.optional()) {
                    sink.warning(r.keyPath(), msg + " (optional reference)");
                } else {
                    sink.error(r.keyPath(), msg);
                }
            }
        }
    }

    private static String nearest(String name, Set<String> candidates) {
        return Suggest.nearest(name, new java.util.TreeSet<>(candidates)).map(c -> "; did you mean \"" + c + "\"?")
                .orElse("");
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** A pod spec inside a document, with its field path. */
    record PodSpec(String path, JsonNode spec) {
        private static final Map<String, String> TEMPLATE_PATHS = Map.of(
                "Pod", "spec",
                "CronJob", "spec.jobTemplate.spec.template.spec",
                "Job", "spec.template.spec",
                "Deployment", "spec.template.spec",
                "StatefulSet", "spec.template.spec",
                "DaemonSet", "spec.template.spec",
                "ReplicaSet", "spec.template.spec",
                "ReplicationController", "spec.template.spec",
                "PodTemplate", "template.spec");

        static List<PodSpec> of(Document doc) {
            String p = TEMPLATE_PATHS.get(doc.kind());
            if (p == null || doc.apiVersion().contains(".") && !doc.apiVersion().startsWith("apps/")) {
                return List.of(); // a custom resource that happens to share a kind name
            }
            JsonNode n = doc.body();
            for (String part : p.split("\\.")) {
                n = n.path(part);
            }
            return n.isObject() ? List.of(new PodSpec(p, n)) : List.of();
        }

        /** Containers, init containers and ephemeral containers by path, in order. */
        Map<String, JsonNode> containers() {
            Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
            for (String f : List.of("initContainers", "containers", "ephemeralContainers")) {
                forEach(spec.path(f), path + "." + f, out::put);
            }
            return out;
        }
    }

    @FunctionalInterface
    interface ElementVisitor {
        void visit(String path, JsonNode element);
    }

    static void forEach(JsonNode array, String path, ElementVisitor v) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isObject()) {
                v.visit(FieldPath.index(path, i), array.get(i));
            }
        }
    }

    @FunctionalInterface
    interface FieldVisitor {
        void visit(String path, String field, JsonNode node, String parentField);
    }

    /** Visits every object field in the tree, with its path and the name of the field holding its object. */
    static void walk(JsonNode node, String path, String field, FieldVisitor v) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = FieldPath.field(path, e.getKey());
                v.visit(child, e.getKey(), e.getValue(), field);
                walk(e.getValue(), child, e.getKey(), v);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), FieldPath.index(path, i), field, v);
            }
        }
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    private static String kindOf(JsonNode v) {
        return v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : v.isNull() ? "null" : v.isObject() ? "an object"
                : v.isArray() ? "a list" : "a string";
    }
}
