package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import java.util.Set;
import java.util.regex.Pattern;

/** Object, namespace, container and volume names as the API server checks them. */
final class NameRules {
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

    private NameRules() {
    }

    static void format(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode meta = doc.body().path("metadata");
        String name = Nodes.text(meta.get("name"));
        boolean builtIn = Nodes.builtIn(doc);
        if (name == null || name.isEmpty()) {
            if (Nodes.text(meta.get("generateName")) == null) {
                sink.error("metadata.name", "name is required");
            }
        } else if (doc.apiVersion().startsWith("rbac.authorization.k8s.io/")) {
            // RBAC names are path segments ("system:backup-reader" is fine), not DNS names.
            if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("%")) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid RBAC name: it may not be '.' or '..'"
                        + " or contain '/' or '%'");
            }
        } else {
            boolean label = builtIn && LABEL_NAMED_KINDS.contains(doc.kind());
            Pattern p = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
            if (label && "Service".equals(doc.kind()) && !DNS1035_LABEL.matcher(name).matches()
                    && DNS1123_LABEL.matcher(name).matches()) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid Service name: an RFC 1035 label must start"
                        + " with a lower case letter");
            } else if (!p.matcher(name).matches()) {
                sink.error("metadata.name", "\"" + name + "\" is not a valid name: a lowercase RFC 1123 "
                        + (label ? "label" : "subdomain") + " must consist of lower case alphanumeric characters"
                        + (label ? " or '-'" : ", '-' or '.'") + ", and must start and end with an alphanumeric character");
            }
        }
        String ns = Nodes.text(meta.get("namespace"));
        if (ns != null && !ns.isEmpty() && !DNS1123_LABEL.matcher(ns).matches()) {
            sink.error("metadata.namespace", "\"" + ns + "\" is not a valid namespace: a lowercase RFC 1123 label");
        }
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> {
                String cn = Nodes.text(c.get("name"));
                if (cn != null && !cn.isEmpty() && !DNS1123_LABEL.matcher(cn).matches()) {
                    sink.error(path + ".name", "container name \"" + cn + "\" must be a lowercase RFC 1123 label");
                }
            });
            Nodes.forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                String vn = Nodes.text(v.get("name"));
                if (vn != null && !vn.isEmpty() && !DNS1123_LABEL.matcher(vn).matches()) {
                    sink.error(path + ".name", "volume name \"" + vn + "\" must be a lowercase RFC 1123 label");
                }
            });
        }
    }

    static void length(Document doc, RuleContext ctx, Rule.Sink sink) {
        String name = doc.name();
        boolean builtIn = Nodes.builtIn(doc);
        boolean cronJob = "CronJob".equals(doc.kind()) && Nodes.isBatch(doc);
        int max = cronJob ? CRONJOB_NAME_MAX : builtIn && LABEL_NAMED_KINDS.contains(doc.kind()) ? 63 : 253;
        if (name.length() > max) {
            String why = cronJob
                    ? " (the API server rejects longer CronJob names: Job names get an 11-character suffix and must fit in a 63-character label)"
                    : "";
            sink.error("metadata.name", "name is " + name.length() + " characters, at most " + max + " allowed" + why);
        }
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> {
                String cn = Nodes.text(c.get("name"));
                if (cn != null && cn.length() > 63) {
                    sink.error(path + ".name", "container name is " + cn.length() + " characters, at most 63 allowed");
                }
            });
        }
    }
}
