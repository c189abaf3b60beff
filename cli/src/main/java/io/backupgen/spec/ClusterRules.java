package io.backupgen.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.kube.KubeValues;
import io.backupgen.kube.ServiceDns;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The rules of fitting real clusters that the schema cannot say: what the API server checks inside
 * Kubernetes' own shapes (tolerations, selectors, affinity), labels backupgen owns, the ServiceAccount
 * and NetworkPolicy settings, and — the one that protects production — a database in another
 * namespace than the backups. Pure: spec in, diagnostics out.
 */
final class ClusterRules {
    /** backupgen's own pod labels: the NetworkPolicy and the runbook's commands select pods by them. */
    static final Set<String> RESERVED_LABELS = Set.of("app.kubernetes.io/name", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of", "backup-type");
    private static final Set<String> TOLERATION_OPERATORS = Set.of("", "Equal", "Exists");
    private static final Set<String> TAINT_EFFECTS = Set.of("", "NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Set<String> LABEL_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final Set<String> NODE_OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt");

    private ClusterRules() {
    }

    static List<Diagnostic> check(Spec spec, Origins at) {
        List<Diagnostic> out = new ArrayList<>();
        pods(spec).forEach((pointer, pod) -> checkPod(pod, pointer, at, out));
        checkServiceAccount(spec.serviceAccount(), at, out);
        checkNetworkPolicy(spec.networkPolicy(), at, out);
        pushgatewayEgress(spec, at, out);
        return out;
    }

    /** Every pod layer of the spec, by pointer. */
    static Map<String, Spec.Pod> pods(Spec spec) {
        Map<String, Spec.Pod> out = new LinkedHashMap<>();
        out.put("/pod", spec.pod());
        out.put("/backup/pod", spec.backup().pod());
        spec.tiers().byName().forEach((name, tier) -> out.put("/tiers/" + name + "/pod", tier.pod()));
        out.put("/restore/pod", spec.restore().pod());
        out.put("/verify/pod", spec.verify().pod());
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    // ---- the database's namespace ------------------------------------------------------------

    /**
     * A database.host of the form {@code <service>.<ns>.svc...} names a namespace; when the backups run in
     * another one, an environment would back up, verify against and restore into someone else's
     * database — typically staging into production. Refused unless {@code database.crossNamespace}.
     *
     * @param environment null for the spec's own (base) namespace
     * @param namespace   where the backups run; empty: unknown (kubectl's context), nothing to compare
     */
    static Optional<Diagnostic> databaseNamespace(String environment, String namespace, Spec spec, Origins at) {
        Spec.Database db = spec.database();
        Optional<String> dbNamespace = ServiceDns.namespaceOf(db.host());
        if (namespace == null || namespace.isEmpty() || dbNamespace.isEmpty() || dbNamespace.get().equals(namespace)
                || db.crossNamespace()) {
            return Optional.empty();
        }
        String who = environment == null ? "the base (project.namespace)" : "environment '" + environment + "'";
        String fix = environment == null
                ? "set database.host to the database in " + namespace + ", e.g. '" + ServiceDns.withNamespace(db.host(), namespace) + "'"
                : "override the database for the environment: environments." + environment + ".database.host: "
                + ServiceDns.withNamespace(db.host(), namespace) + " (and its credentials)";
        return Optional.of(at.diagnostic("/database/host", who + " runs in namespace '" + namespace
                        + "', but database.host '" + db.host() + "' is in namespace '" + dbNamespace.get() + "': its backups,"
                        + " verification and restores would use the database of " + dbNamespace.get(),
                "a database in namespace " + namespace + ", or database.crossNamespace: true",
                fix + "; or set database.crossNamespace: true if it must really use the database of " + dbNamespace.get()));
    }

    // ---- pods --------------------------------------------------------------------------------

    private static void checkPod(Spec.Pod pod, String base, Origins at, List<Diagnostic> out) {
        if (pod.labels() != null) {
            for (String key : pod.labels().keySet()) {
                if (RESERVED_LABELS.contains(key)) {
                    out.add(at.diagnostic(base + "/labels/" + escape(key), "label '" + key + "' is backupgen's own: the"
                                    + " NetworkPolicy and the runbook's commands select the backup pods by it",
                            "any other label", "remove it, or use another key"));
                }
            }
        }
        List<JsonNode> tolerations = pod.tolerations() == null ? List.of() : pod.tolerations();
        for (int i = 0; i < tolerations.size(); i++) {
            checkToleration(tolerations.get(i), base + "/tolerations/" + i, at, out);
        }
        if (pod.affinity() != null) {
            selectors(pod.affinity(), base + "/affinity", false, at, out);
        }
        List<JsonNode> secrets = pod.imagePullSecrets() == null ? List.of() : pod.imagePullSecrets();
        for (int i = 0; i < secrets.size(); i++) {
            String name = secrets.get(i).path("name").asText("");
            if (!KubeValues.isDns1123Subdomain(name)) {
                out.add(at.diagnostic(base + "/imagePullSecrets/" + i + "/name", "'" + name + "' is not a Secret name",
                        "a DNS-1123 subdomain, e.g. regcred", "name the docker-registry Secret in the namespace"));
            }
        }
    }

    /** As the API server's ValidateTolerations. */
    private static void checkToleration(JsonNode t, String p, Origins at, List<Diagnostic> out) {
        String key = t.path("key").asText("");
        String operator = t.path("operator").asText("");
        String value = t.path("value").asText("");
        String effect = t.path("effect").asText("");
        if (!TOLERATION_OPERATORS.contains(operator)) {
            out.add(at.diagnostic(p + "/operator", "unknown toleration operator '" + operator + "'", "Equal, Exists", ""));
        }
        if (!TAINT_EFFECTS.contains(effect)) {
            out.add(at.diagnostic(p + "/effect", "unknown taint effect '" + effect + "'",
                    "NoSchedule, PreferNoSchedule, NoExecute (empty: all)", ""));
        }
        if (!key.isEmpty()) {
            KubeValues.labelKeyProblem(key).ifPresent(m -> out.add(at.diagnostic(p + "/key", m, "a label key", "")));
        } else if (!operator.equals("Exists")) {
            out.add(at.diagnostic(p + "/operator", "a toleration without a key must use operator Exists (it tolerates"
                    + " every taint)", "Exists", "add a key, or operator: Exists"));
        }
        if (operator.equals("Exists") && !value.isEmpty()) {
            out.add(at.diagnostic(p + "/value", "operator Exists takes no value", "no value", "remove value, or use operator: Equal"));
        } else if (!value.isEmpty()) {
            KubeValues.labelValueProblem(value).ifPresent(m -> out.add(at.diagnostic(p + "/value", m, "a label value", "")));
        }
        if (t.has("tolerationSeconds") && !effect.equals("NoExecute")) {
            out.add(at.diagnostic(p + "/tolerationSeconds", "tolerationSeconds applies only to effect NoExecute",
                    "effect: NoExecute", "remove tolerationSeconds, or set effect: NoExecute"));
        }
    }

    /**
     * Walks affinity or a selector and checks every requirement as the API server does: label selectors
     * (In/NotIn need values, Exists/DoesNotExist none), node selectors (also Gt/Lt with one integer),
     * matchLabels syntax, topology keys and preference weights.
     */
    private static void selectors(JsonNode node, String p, boolean nodeSelector, Origins at, List<Diagnostic> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                selectors(node.get(i), p + "/" + i, nodeSelector, at, out);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            String fp = p + "/" + escape(field);
            JsonNode v = e.getValue();
            switch (field) {
                case "nodeAffinity" -> selectors(v, fp, true, at, out);
                case "podAffinity", "podAntiAffinity", "labelSelector", "namespaceSelector", "podSelector" ->
                        selectors(v, fp, false, at, out);
                case "matchExpressions" -> {
                    for (int i = 0; i < v.size(); i++) {
                        requirement(v.get(i), fp + "/" + i, nodeSelector, at, out);
                    }
                }
                case "matchFields" -> {
                    for (int i = 0; i < v.size(); i++) {
                        fieldRequirement(v.get(i), fp + "/" + i, at, out);
                    }
                }
                case "matchLabels" -> v.fields().forEachRemaining(l -> {
                    String lp = fp + "/" + escape(l.getKey());
                    KubeValues.labelKeyProblem(l.getKey()).ifPresent(m -> out.add(at.diagnostic(lp, m, "a label key", "")));
                    KubeValues.labelValueProblem(l.getValue().asText())
                            .ifPresent(m -> out.add(at.diagnostic(lp, m, "a label value", "")));
                });
                case "topologyKey" -> KubeValues.labelKeyProblem(v.asText())
                        .ifPresent(m -> out.add(at.diagnostic(fp, "topologyKey: " + m,
                                "a node label key, e.g. kubernetes.io/hostname or topology.kubernetes.io/zone", "")));
                case "weight" -> {
                    if (v.asInt() < 1 || v.asInt() > 100) {
                        out.add(at.diagnostic(fp, "weight " + v.asText() + " is out of range", "1 to 100", ""));
                    }
                }
                default -> selectors(v, fp, nodeSelector, at, out);
            }
        }
    }

    private static void requirement(JsonNode r, String p, boolean nodeSelector, Origins at, List<Diagnostic> out) {
        String key = r.path("key").asText("");
        String op = r.path("operator").asText("");
        JsonNode values = r.path("values");
        int n = values.isArray() ? values.size() : 0;
        KubeValues.labelKeyProblem(key).ifPresent(m -> out.add(at.diagnostic(p + "/key", m, "a label key", "")));
        Set<String> ops = nodeSelector ? NODE_OPERATORS : LABEL_OPERATORS;
        if (!ops.contains(op)) {
            out.add(at.diagnostic(p + "/operator", "unknown operator '" + op + "'", String.join(", ", new java.util.TreeSet<>(ops)), ""));
        } else if ((op.equals("In") || op.equals("NotIn")) && n == 0) {
            out.add(at.diagnostic(p + "/values", "operator " + op + " needs at least one value", "a non-empty list", ""));
        } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && n > 0) {
            out.add(at.diagnostic(p + "/values", "operator " + op + " takes no values", "no values", "remove values"));
        } else if ((op.equals("Gt") || op.equals("Lt")) && (n != 1 || !values.get(0).asText().matches("-?\\d+"))) {
            out.add(at.diagnostic(p + "/values", "operator " + op + " needs exactly one integer value", "e.g. [\"3\"]", ""));
        }
        if (!nodeSelector) {
            for (int i = 0; i < n; i++) {
                int idx = i;
                KubeValues.labelValueProblem(values.get(i).asText())
                        .ifPresent(m -> out.add(at.diagnostic(p + "/values/" + idx, m, "a label value", "")));
            }
        }
    }

    /** Node field selectors: only metadata.name, In or NotIn, one value. */
    private static void fieldRequirement(JsonNode r, String p, Origins at, List<Diagnostic> out) {
        if (!"metadata.name".equals(r.path("key").asText(""))) {
            out.add(at.diagnostic(p + "/key", "matchFields supports only the key metadata.name", "metadata.name", ""));
        }
        String op = r.path("operator").asText("");
        if (!op.equals("In") && !op.equals("NotIn")) {
            out.add(at.diagnostic(p + "/operator", "unknown operator '" + op + "' for matchFields", "In, NotIn", ""));
        }
        if (r.path("values").size() != 1) {
            out.add(at.diagnostic(p + "/values", "matchFields needs exactly one value (a node name)", "one value", ""));
        }
    }

    // ---- ServiceAccount ----------------------------------------------------------------------

    private static void checkServiceAccount(Spec.ServiceAccount sa, Origins at, List<Diagnostic> out) {
        if (sa == null || sa.create()) {
            return;
        }
        if (sa.name() == null || sa.name().isEmpty()) {
            out.add(at.diagnostic("/serviceAccount/create", "with create: false the pods use an existing ServiceAccount,"
                    + " but serviceAccount.name does not say which", "serviceAccount.name set",
                    "add serviceAccount.name: <the existing ServiceAccount>, or create: true"));
        }
        if (sa.annotations() != null && !sa.annotations().isEmpty()) {
            out.add(at.diagnostic("/serviceAccount/annotations", "annotations apply to a ServiceAccount backupgen"
                    + " renders; with create: false they would be dropped", "no annotations with create: false",
                    "annotate the existing ServiceAccount itself, or set create: true"));
        }
    }

    // ---- NetworkPolicy -----------------------------------------------------------------------

    private static void checkNetworkPolicy(Spec.NetworkPolicy np, Origins at, List<Diagnostic> out) {
        if (np == null) {
            return;
        }
        Spec.DatabaseEndpoint db = np.database();
        boolean pods = db != null && db.podSelector() != null;
        boolean cidr = db != null && db.cidr() != null && !db.cidr().isEmpty();
        if (pods && cidr) {
            out.add(at.diagnostic("/networkPolicy/database/cidr", "the database is either pods in the cluster"
                    + " (podSelector) or an address range (cidr), not both", "podSelector or cidr",
                    "keep podSelector for a database running in the cluster, cidr for one outside it"));
        }
        if (db != null && db.namespaceSelector() != null && !pods) {
            out.add(at.diagnostic("/networkPolicy/database/namespaceSelector", "namespaceSelector narrows"
                    + " podSelector to a namespace; without podSelector it would open every pod of that namespace",
                    "namespaceSelector together with podSelector", "add podSelector with the database pods' labels"));
        }
        if (cidr) {
            cidrProblem(db.cidr()).ifPresent(m -> out.add(at.diagnostic("/networkPolicy/database/cidr", m,
                    "an IPv4 or IPv6 range such as 10.20.0.0/24", "")));
        }
        if (pods) {
            selectors(db.podSelector(), "/networkPolicy/database/podSelector", false, at, out);
        }
        if (db != null && db.namespaceSelector() != null) {
            selectors(db.namespaceSelector(), "/networkPolicy/database/namespaceSelector", false, at, out);
        }
        if (np.dns() != null) {
            selectors(JsonNodes.of(np.dns()), "/networkPolicy/dns", false, at, out);
        }
        List<JsonNode> extra = np.extraEgress() == null ? List.of() : np.extraEgress();
        for (int i = 0; i < extra.size(); i++) {
            String p = "/networkPolicy/extraEgress/" + i;
            selectors(extra.get(i), p, false, at, out);
            JsonNode to = extra.get(i).path("to");
            for (int j = 0; j < to.size(); j++) {
                JsonNode block = to.get(j).path("ipBlock");
                if (block.has("cidr")) {
                    String bp = p + "/to/" + j + "/ipBlock/cidr";
                    cidrProblem(block.get("cidr").asText()).ifPresent(m -> out.add(at.diagnostic(bp, m,
                            "an IPv4 or IPv6 range such as 10.20.0.0/24", "")));
                }
            }
        }
        boolean configured = np.dns() != null || !extra.isEmpty() || db != null && db.port() != null;
        if (np.enabled() && configured && !pods && !cidr) {
            out.add(at.diagnostic("/networkPolicy", "the NetworkPolicy is rendered only once networkPolicy.database says"
                            + " where the database is; these settings would have no effect",
                    "networkPolicy.database.podSelector or networkPolicy.database.cidr",
                    "add e.g. networkPolicy.database.podSelector: {matchLabels: {cnpg.io/cluster: <cluster>}}"));
        }
    }

    /**
     * The NetworkPolicy opens the Pushgateway when its URL says where it is (a Service, or an IPv4
     * address); an external host name does not, so without extra egress every push would be dropped
     * and the metrics-based alerts would never see a run.
     */
    private static void pushgatewayEgress(Spec spec, Origins at, List<Diagnostic> out) {
        Spec.NetworkPolicy np = spec.networkPolicy();
        String url = spec.metrics() == null ? "" : spec.metrics().pushgatewayUrl();
        if (np == null || !np.enabled() || np.database() == null || url == null || url.isEmpty()
                || np.extraEgress() != null && !np.extraEgress().isEmpty()) {
            return;
        }
        Spec.DatabaseEndpoint db = np.database();
        if (db.podSelector() == null && (db.cidr() == null || db.cidr().isEmpty())) {
            return;
        }
        String host = java.net.URI.create(url).getHost();
        if (host == null || ServiceDns.locatable(host)) {
            return;
        }
        out.add(at.diagnostic("/metrics/pushgatewayUrl", "the NetworkPolicy would drop every push to " + host
                        + ": it allows egress to the Pushgateway only when its URL names a Service"
                        + " (<service>.<namespace>.svc) or an IPv4 address",
                "a Service URL such as http://pushgateway.monitoring.svc:9091, or networkPolicy.extraEgress for " + host,
                "add networkPolicy.extraEgress: [{to: [{ipBlock: {cidr: <its address>/32}}], ports: [{protocol: TCP, port: "
                        + portOf(url) + "}]}]"));
    }

    private static int portOf(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }

    /** A CIDR as the API server reads it: an IPv4 or IPv6 address and a prefix length that fits it. */
    static Optional<String> cidrProblem(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0 || !cidr.substring(slash + 1).matches("\\d{1,3}")) {
            return Optional.of("'" + cidr + "' is not a CIDR (address/prefix length)");
        }
        String address = cidr.substring(0, slash);
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        int max;
        if (ServiceDns.isIpv4(address)) {
            max = 32;
        } else if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+")) {
            try {
                InetAddress.getByName(address); // a literal: parsed, never looked up
            } catch (UnknownHostException e) {
                return Optional.of("'" + address + "' is not an IPv6 address");
            }
            max = 128;
        } else {
            return Optional.of("'" + address + "' is not an IPv4 or IPv6 address");
        }
        return prefix > max ? Optional.of("prefix length " + prefix + " is longer than " + max + " bits") : Optional.empty();
    }

    /** JSON pointer escaping of one key (label keys hold '/'). */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Records as trees, for walking them like the shapes they hold. */
    private static final class JsonNodes {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

        static JsonNode of(Object value) {
            return JSON.valueToTree(value);
        }
    }
}
