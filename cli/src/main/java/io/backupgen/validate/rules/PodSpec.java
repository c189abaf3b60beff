package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pod spec inside a workload document, with its field path. */
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
        if (p == null || !Nodes.builtIn(doc)) {
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
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String f : List.of("initContainers", "containers", "ephemeralContainers")) {
            Nodes.forEach(spec.path(f), path + "." + f, out::put);
        }
        return out;
    }
}
