package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.JsonPatchDiff;
import io.backupgen.render.Manifests;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Compares two sets of Kubernetes objects field by field, naming every differing field on failure. */
public final class KubeObjects {
    private KubeObjects() {
    }

    public static Map<String, ObjectNode> byKey(String yaml) {
        return byKey(Manifests.parse(yaml));
    }

    public static Map<String, ObjectNode> byKey(List<ObjectNode> objects) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (ObjectNode o : objects) {
            assertThat(out.put(Manifests.key(o), o)).as("duplicate object %s", Manifests.key(o)).isNull();
        }
        return out;
    }

    /**
     * The same objects (by kind and name) with the same fields and values. A failure lists the
     * RFC 6902 operations that would turn the expected object into the actual one, so it says exactly
     * which fields differ.
     */
    public static void assertSameObjects(String what, Map<String, ObjectNode> actual, Map<String, ObjectNode> expected) {
        assertThat(actual.keySet()).as("%s: objects", what).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, ObjectNode> e : expected.entrySet()) {
            JsonNode ops = JsonPatchDiff.diff(e.getValue(), actual.get(e.getKey()));
            assertThat(ops).as("%s: %s differs from the expected object by", what, e.getKey()).isEmpty();
        }
    }
}
