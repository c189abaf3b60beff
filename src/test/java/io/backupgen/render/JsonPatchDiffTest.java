package io.backupgen.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPatchDiffTest {
    private static JsonNode yaml(String text) {
        return Manifests.parse(text).get(0);
    }

    private static String ops(String from, String to) {
        return Manifests.write(JsonPatchDiff.diff(yaml(from), yaml(to)));
    }

    @Test
    void equalObjectsNeedNoPatch() {
        assertThat(JsonPatchDiff.diff(yaml("a: {b: [1, 2]}"), yaml("a: {b: [1, 2]}"))).isEmpty();
    }

    @Test
    void changedAddedAndRemovedFieldsAreSeparateOperations() {
        assertThat(ops("spec: {schedule: '0 2 * * *', storageClassName: fast}\n",
                "spec: {schedule: '0 3 * * *', suspend: true}\n"))
                .isEqualTo("""
                        - op: remove
                          path: /spec/storageClassName
                        - op: replace
                          path: /spec/schedule
                          value: 0 3 * * *
                        - op: add
                          path: /spec/suspend
                          value: true
                        """.indent(2));
    }

    @Test
    void namedListItemsArePatchedInPlaceByTheirIndex() {
        String from = "containers: [{name: a, image: x}, {name: b, resources: {limits: {cpu: 500m}}}]\n";
        String to = "containers: [{name: a, image: x}, {name: b, resources: {limits: {cpu: '2'}}}]\n";
        assertThat(ops(from, to)).contains("path: /containers/1/resources/limits/cpu").doesNotContain("image");
    }

    @Test
    void listsThatAreNotMatchableByNameAreReplacedWhole() {
        assertThat(ops("accessModes: [ReadWriteOnce]\n", "accessModes: [ReadWriteMany]\n"))
                .contains("op: replace", "path: /accessModes", "- ReadWriteMany");
        // A renamed item changes the set of names: replace, never patch the wrong item.
        assertThat(ops("env: [{name: A, value: '1'}]\n", "env: [{name: B, value: '1'}]\n"))
                .contains("path: /env\n");
    }

    @Test
    void keysWithSlashesAndTildesAreEscaped() {
        assertThat(ops("labels: {app.kubernetes.io/name: a, x~y: b}\n", "labels: {app.kubernetes.io/name: c, x~y: d}\n"))
                .contains("/labels/app.kubernetes.io~1name", "/labels/x~0y");
    }
}
