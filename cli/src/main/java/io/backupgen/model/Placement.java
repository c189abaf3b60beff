package io.backupgen.model;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.spec.Spec;
import io.backupgen.spec.SpecLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where each job's pods run and what they carry: the spec's {@code pod} layers resolved per job.
 *
 * <p>Layers, lowest first: {@code pod}, then the job kind's ({@code backup.pod} for every tier,
 * {@code restore.pod}, {@code verify.pod}), then the tier's ({@code tiers.<tier>.pod}). They combine
 * exactly as the spec's own layers (defaults, profile, file, environment) do, so one rule holds
 * everywhere: mappings merge key by key, lists and scalars replace. A tier can thus add a node label
 * to the global nodeSelector, or replace the global tolerations with its own list.
 */
public final class Placement {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Placement() {
    }

    /** Placement of the backup CronJob of one tier. */
    static BackupModel.Pod backup(Spec spec, Spec.Tier tier) {
        return resolve(spec.pod(), spec.backup().pod(), tier.pod());
    }

    static BackupModel.Pod restore(Spec spec) {
        return resolve(spec.pod(), spec.restore().pod());
    }

    static BackupModel.Pod verify(Spec spec) {
        return resolve(spec.pod(), spec.verify().pod());
    }

    /** The layers merged, lowest first; null layers are skipped. */
    static BackupModel.Pod resolve(Spec.Pod... lowestFirst) {
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        Arrays.stream(lowestFirst).filter(Objects::nonNull)
                .forEach(layer -> SpecLoader.merge(merged, JSON.valueToTree(layer)));
        return new BackupModel.Pod(
                strings(merged.get("nodeSelector")),
                list(merged.get("tolerations")),
                map(merged.get("affinity")),
                merged.path("priorityClassName").asText(""),
                strings(merged.get("annotations")),
                strings(merged.get("labels")),
                list(merged.get("imagePullSecrets")));
    }

    /** Plain values in the node's order: what templates lay out and the chart's values hold. */
    static Map<String, Object> map(JsonNode node) {
        return node == null || !node.isObject() ? Map.of()
                : JSON.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static List<Object> list(JsonNode node) {
        return node == null || !node.isArray() ? List.of()
                : JSON.convertValue(node, new TypeReference<ArrayList<Object>>() { });
    }

    private static Map<String, String> strings(JsonNode node) {
        return node == null || !node.isObject() ? Map.of()
                : JSON.convertValue(node, new TypeReference<LinkedHashMap<String, String>>() { });
    }
}
