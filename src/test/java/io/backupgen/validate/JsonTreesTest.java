package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JsonTrees builds what ObjectMapper.readTree builds, down to each number's node class. */
class JsonTreesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sameTreeAsObjectMapper() throws IOException {
        String text = "{\"i\": 7, \"neg\": -2147483648, \"l\": 2147483648, \"big\": 92233720368547758070,"
                + " \"d\": 1.5, \"e\": 1e3, \"tiny\": 4.9E-324, \"s\": \"a\\u00e9\\\"\\n\", \"t\": true, \"f\": false,"
                + " \"n\": null, \"a\": [1, [], {}, [2.0, \"x\"]], \"o\": {\"k\": {\"deep\": [null]}},"
                + " \"dup\": 1, \"dup\": \"last\", \"\": 0}";
        JsonNode ours = read(text);
        JsonNode theirs = JSON.readTree(text);
        assertThat(ours).isEqualTo(theirs);
        // equals already tells IntNode from LongNode; spell the classes out so a change in that is seen here
        for (String field : new String[] {"i", "neg", "l", "big", "d", "e", "tiny", "dup"}) {
            assertThat(ours.get(field).getClass()).as(field).isEqualTo(theirs.get(field).getClass());
        }
        assertThat(ours.get("dup").asText()).isEqualTo("last");
        assertThat(ours.toString()).isEqualTo(theirs.toString());
    }

    @Test
    void readsOneValueAndLeavesWhatFollows() throws IOException {
        // a pack member is '<schema>' followed by ',' or '}': only the schema is read
        byte[] member = "xx{\"a\":[1]}},".getBytes(StandardCharsets.UTF_8);
        assertThat(JsonTrees.read(member, 2, member.length - 2)).isEqualTo(JSON.readTree("{\"a\":[1]}"));
    }

    @Test
    void brokenTextIsAnIoError() {
        assertThatThrownBy(() -> read("")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"a\": [1, }")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("{\"a\": 1")).isInstanceOf(IOException.class);
    }

    private static JsonNode read(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return JsonTrees.read(b, 0, b.length);
    }
}
