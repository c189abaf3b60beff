package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import java.util.List;

/**
 * Fields the API server requires that the schemas do not mark required (a container's image, a
 * PVC's access mode and storage request), and the ones they do, said once with the schema's words.
 */
final class RequiredFields {
    private RequiredFields() {
    }

    static void check(Document doc, RuleContext ctx, Rule.Sink sink) {
        JsonNode spec = doc.body().path("spec");
        switch (doc.kind()) {
            case "CronJob" -> {
                if (Nodes.isBatch(doc)) {
                    need(spec, "spec", List.of("schedule", "jobTemplate"), sink);
                }
            }
            case "PersistentVolumeClaim" -> {
                if (doc.apiVersion().equals("v1")) {
                    if (!spec.path("accessModes").isArray() || spec.path("accessModes").isEmpty()) {
                        sink.error("spec.accessModes", "at least one access mode is required");
                    }
                    if (spec.path("resources").path("requests").get("storage") == null && spec.get("dataSourceRef") == null) {
                        sink.error("spec.resources.requests.storage", "a PersistentVolumeClaim must request storage");
                    }
                }
            }
            case "ReplicationController" -> {
                // the selector defaults to the template's labels: one of them must be there
                if (doc.apiVersion().equals("v1") && isEmpty(spec.get("selector"))
                        && isEmpty(spec.path("template").path("metadata").get("labels"))) {
                    sink.error("spec.selector", "a selector is required (or labels on spec.template.metadata, from which"
                            + " it defaults)");
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
                need(c, path, path.contains(".ephemeralContainers[") ? List.of("name") : List.of("name", "image"), sink);
                Nodes.forEach(c.path("env"), path + ".env", (ep, e) -> need(e, ep, List.of("name"), sink));
                Nodes.forEach(c.path("volumeMounts"), path + ".volumeMounts",
                        (mp, m) -> need(m, mp, List.of("name", "mountPath"), sink));
            });
            Nodes.forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (vp, v) -> need(v, vp, List.of("name"), sink));
        }
    }

    private static boolean isEmpty(JsonNode n) {
        return n == null || n.isNull() || (n.isObject() && n.isEmpty());
    }

    private static void need(JsonNode obj, String path, List<String> fields, Rule.Sink sink) {
        for (String f : fields) {
            JsonNode v = obj.get(f);
            if (v == null || v.isNull() || v.isTextual() && v.asText().isEmpty()) {
                sink.error(FieldPath.field(path, f), "required field \"" + f + "\" is missing");
            }
        }
    }
}
