package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The smallest RFC 6902 patch that turns one object into another, for kustomize overlays.
 *
 * <p>Why JSON patch and not strategic merge: kustomize applies a strategic-merge patch by each field's
 * patch strategy, which it knows only for built-in kinds; custom resources (PrometheusRule,
 * VolumeSnapshot, ScheduledBackup, ... that backupgen renders or will render) fall back to JSON merge
 * patch, where a list in the patch replaces the whole list. A generic diff emitting strategic-merge
 * patches would therefore have to know, per kind and per list, whether and by which key items merge.
 * A JSON patch means the same thing for every kind, so one diff covers every object the base renders,
 * today's and later ones.
 *
 * <p>Lists whose items are objects with unique {@code name}s (containers, env, volumes, volumeMounts)
 * are matched by name: when both sides hold the same names in the same order, the diff descends into
 * each item and the patch touches only the changed field, e.g. {@code /spec/.../containers/0/resources/limits/cpu}.
 * Any other changed list is replaced whole.
 */
public final class JsonPatchDiff {
    private JsonPatchDiff() {
    }

    /** Operations, in document order, that turn {@code from} into {@code to}; empty when they are equal. */
    public static ArrayNode diff(JsonNode from, JsonNode to) {
        ArrayNode ops = JsonNodeFactory.instance.arrayNode();
        diff("", from, to, ops);
        return ops;
    }

    private static void diff(String path, JsonNode from, JsonNode to, ArrayNode ops) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            for (Iterator<String> it = from.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!to.has(field)) {
                    ops.add(op("remove", path + "/" + escape(field), null));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = to.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = path + "/" + escape(e.getKey());
                JsonNode old = from.get(e.getKey());
                if (old == null) {
                    ops.add(op("add", child, e.getValue()));
                } else {
                    diff(child, old, e.getValue(), ops);
                }
            }
        } else if (from.isArray() && to.isArray() && sameNamesInOrder(from, to)) {
            for (int i = 0; i < to.size(); i++) {
                diff(path + "/" + i, from.get(i), to.get(i), ops);
            }
        } else {
            ops.add(op("replace", path, to));
        }
    }

    /** Both lists hold objects keyed by unique names, the same names in the same order. */
    static boolean sameNamesInOrder(JsonNode from, JsonNode to) {
        List<String> a = names(from);
        return a != null && a.equals(names(to));
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode item : list) {
            JsonNode name = item.get("name");
            if (!item.isObject() || name == null || !name.isTextual() || !seen.add(name.asText())) {
                return null;
            }
            out.add(name.asText());
        }
        return out;
    }

    private static ObjectNode op(String op, String path, JsonNode value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("op", op);
        o.put("path", path);
        if (value != null) {
            o.set("value", value.deepCopy());
        }
        return o;
    }

    /** RFC 6901: '~' and '/' inside a key (label keys such as app.kubernetes.io/name) are escaped. */
    static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
