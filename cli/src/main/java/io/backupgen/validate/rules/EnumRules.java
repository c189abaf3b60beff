package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import java.util.List;
import java.util.Map;

/**
 * Fields the API server restricts to a few words. Kubernetes' OpenAPI carried them as enums up to
 * 1.26 and dropped them from 1.27, so the newer schemas accept any string: these are checked here,
 * whatever the version.
 */
final class EnumRules {
    private static final List<String> PULL = List.of("Always", "IfNotPresent", "Never");
    private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
    private static final Map<String, List<String>> CONTAINER = Map.of(
            "imagePullPolicy", PULL,
            "terminationMessagePolicy", List.of("File", "FallbackToLogsOnError"));
    private static final Map<String, List<String>> POD = Map.of(
            "restartPolicy", List.of("Always", "OnFailure", "Never"),
            "dnsPolicy", List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"),
            "preemptionPolicy", List.of("PreemptLowerPriority", "Never"));

    private EnumRules() {
    }

    static void check(Document doc, RuleContext ctx, Rule.Sink sink) {
        if (!Nodes.builtIn(doc)) {
            return;
        }
        JsonNode spec = doc.body().path("spec");
        for (PodSpec pod : PodSpec.of(doc)) {
            POD.forEach((field, allowed) -> one(pod.spec(), pod.path(), field, allowed, sink));
            boolean job = doc.kind().equals("Job") || doc.kind().equals("CronJob");
            String restart = Nodes.text(pod.spec().get("restartPolicy"));
            if (job && "Always".equals(restart)) {
                sink.error(pod.path() + ".restartPolicy", "a Job's pods must have restartPolicy OnFailure or Never,"
                        + " not Always");
            }
            pod.containers().forEach((path, c) -> {
                CONTAINER.forEach((field, allowed) -> one(c, path, field, allowed, sink));
                Nodes.forEach(c.path("ports"), path + ".ports", (pp, p) -> one(p, pp, "protocol", PROTOCOLS, sink));
            });
        }
        switch (doc.kind()) {
            case "CronJob" -> one(spec, "spec", "concurrencyPolicy", List.of("Allow", "Forbid", "Replace"), sink);
            case "Service" -> {
                one(spec, "spec", "type", List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"), sink);
                one(spec, "spec", "externalTrafficPolicy", List.of("Cluster", "Local"), sink);
                one(spec, "spec", "sessionAffinity", List.of("ClientIP", "None"), sink);
                Nodes.forEach(spec.path("ports"), "spec.ports", (pp, p) -> one(p, pp, "protocol", PROTOCOLS, sink));
            }
            case "PersistentVolumeClaim" -> {
                one(spec, "spec", "volumeMode", List.of("Block", "Filesystem"), sink);
                JsonNode modes = spec.path("accessModes");
                for (int i = 0; modes.isArray() && i < modes.size(); i++) {
                    String m = Nodes.text(modes.get(i));
                    List<String> allowed = List.of("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod");
                    if (m != null && !allowed.contains(m)) {
                        sink.error("spec.accessModes[" + i + "]", unsupported(m, allowed));
                    }
                }
            }
            case "Deployment" -> one(spec.path("strategy"), "spec.strategy", "type", List.of("Recreate", "RollingUpdate"), sink);
            case "StatefulSet" -> {
                one(spec, "spec", "podManagementPolicy", List.of("OrderedReady", "Parallel"), sink);
                one(spec.path("updateStrategy"), "spec.updateStrategy", "type", List.of("RollingUpdate", "OnDelete"), sink);
            }
            case "DaemonSet" -> one(spec.path("updateStrategy"), "spec.updateStrategy", "type",
                    List.of("RollingUpdate", "OnDelete"), sink);
            default -> {
            }
        }
    }

    private static void one(JsonNode obj, String path, String field, List<String> allowed, Rule.Sink sink) {
        JsonNode v = obj.get(field);
        if (v != null && v.isTextual() && !v.asText().isEmpty() && !allowed.contains(v.asText())) {
            sink.error(path + "." + field, unsupported(v.asText(), allowed));
        }
    }

    private static String unsupported(String value, List<String> allowed) {
        return "unsupported value \"" + value + "\": supported values: \"" + String.join("\", \"", allowed) + "\"";
    }
}
