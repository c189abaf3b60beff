package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod spec inside a workload document, with its field path.
 *
 * @param containers containers, init containers and ephemeral containers by path, in order
 */
record PodSpec(String path, JsonNode spec, Map<String, JsonNode> containers) {
    private static final Map<String, String[]> TEMPLATE_PATHS = Map.of(
            "Pod", new String[] {"spec"},
            "CronJob", new String[] {"spec", "jobTemplate", "spec", "template", "spec"},
            "Job", new String[] {"spec", "template", "spec"},
            "Deployment", new String[] {"spec", "template", "spec"},
            "StatefulSet", new String[] {"spec", "template", "spec"},
            "DaemonSet", new String[] {"spec", "template", "spec"},
            "ReplicaSet", new String[] {"spec", "template", "spec"},
            "ReplicationController", new String[] {"spec", "template", "spec"},
            "PodTemplate", new String[] {"template", "spec"});
    /**
     * The last document's pod specs, per thread: most rules ask for them, one after the other, of the
     * same document (finding them and their containers' paths for each rule showed in the profile).
     */
    private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

    @SuppressWarnings("unchecked")
    static List<PodSpec> of(Document doc) {
        Object[] last = LAST.get();
        JsonNode body = doc.body();
        if (body != null && last[0] == body) {
            return (List<PodSpec>) last[1]; // the pod specs depend on the body alone
        }
        List<PodSpec> found = find(doc);
        last[0] = body;
        last[1] = found;
        return found;
    }

    private static List<PodSpec> find(Document doc) {
        String[] p = TEMPLATE_PATHS.get(doc.kind());
        if (p == null || !Nodes.builtIn(doc)) {
            return List.of(); // a custom resource that happens to share a kind name
        }
        JsonNode n = doc.body();
        for (String part : p) {
            n = n.path(part);
        }
        if (!n.isObject()) {
            return List.of();
        }
        String path = String.join(".", p);
        Map<String, JsonNode> containers = new LinkedHashMap<>();
        for (String f : List.of("initContainers", "containers", "ephemeralContainers")) {
            Nodes.forEach(n.path(f), path + "." + f, containers::put);
        }
        return List.of(new PodSpec(path, n, Collections.unmodifiableMap(containers)));
    }
}
