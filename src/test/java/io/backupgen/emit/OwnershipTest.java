package io.backupgen.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OwnershipTest {
    @Test
    void stampedFilesAreRecognisedAndAnyEditIsNoticed() {
        for (String path : new String[] {"a.yaml", "NOTES.txt", "_helpers.tpl", "README.md"}) {
            String stamped = Ownership.stamp(path, "key: value\n", "spec.yaml");
            assertThat(Ownership.status(stamped)).as(path).isEqualTo(Ownership.Status.GENERATED);
            assertThat(Ownership.status(stamped.replace("value", "valve"))).as(path).isEqualTo(Ownership.Status.EDITED);
            assertThat(Ownership.status(stamped + "\n")).as(path).isEqualTo(Ownership.Status.EDITED);
        }
        assertThat(Ownership.status("key: value\n")).isEqualTo(Ownership.Status.FOREIGN);
    }

    @Test
    void jsonStaysJson() throws Exception {
        String stamped = Ownership.stamp("values.schema.json", "{\n  \"type\": \"object\"\n}\n", "spec.yaml");
        var node = new ObjectMapper().readTree(stamped);
        assertThat(node.get("type").asText()).isEqualTo("object");
        assertThat(node.get("$comment").asText()).contains("DO NOT EDIT");
        assertThat(Ownership.status(stamped)).isEqualTo(Ownership.Status.GENERATED);
    }

    @Test
    void stampIsDeterministic() {
        assertThat(Ownership.stamp("a.yaml", "x: 1\n", "s.yaml")).isEqualTo(Ownership.stamp("a.yaml", "x: 1\n", "s.yaml"));
    }
}
