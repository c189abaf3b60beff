package io.backupgen.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.yaml.YamlReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SafeTextTest {
    @Test
    void everyWayToBreakALineIsUnsafe() {
        for (String s : new String[] {"a\nb", "a\rb", "a\u0085b", "a\u2028b", "a\u2029b", "a\u000bb", "a\u000cb"}) {
            assertThat(SafeText.problem(s)).as(SafeText.visible(s)).hasValueSatisfying(u -> {
                assertThat(u.kind()).isEqualTo("line break");
                assertThat(u.index()).isEqualTo(1);
            });
        }
        assertThat(SafeText.problem("a\tb").orElseThrow().kind()).isEqualTo("tab");
        assertThat(SafeText.problem("\u0000").orElseThrow().kind()).isEqualTo("control character");
        assertThat(SafeText.problem("abc\u202e").orElseThrow().describe())
                .isEqualTo("invisible bidirectional-text control U+202E at character 4");
        assertThat(SafeText.problem("\ufeffx").orElseThrow().kind()).isEqualTo("invisible byte-order mark");
        assertThat(SafeText.problem("Café Ünïcode \uD83D\uDE00 # : {{ }} */ -->")).isEmpty();
    }

    @Test
    void visibleSpellsOutWhatIsUnsafeAndKeepsTheRest() {
        assertThat(SafeText.visible("a\nb\tc\u2028é\u001b")).isEqualTo("a\\nb\\tc\\u2028é\\u001B");
        assertThat(SafeText.visible("plain")).isEqualTo("plain");
    }

    @Test
    void aFileLabelCannotEndACommentOrAJsonString() {
        assertThat(SafeText.fileLabel("my spec.yaml")).isEqualTo("my spec.yaml");
        assertThat(SafeText.fileLabel("a\"b\\c*/d}}e-->f\ng$(h)")).isEqualTo("a_b_c_/d__e--_f_g_(h)");
    }

    @Test
    void aYamlQuotedStringReadsBackExactly() {
        Random random = new Random(15);
        YamlReader reader = YamlReader.forManifests();
        char[] alphabet = "ab \"'\\\n\r\t\u0000\u0007\u001b\u007f\u0085\u2028\u2029#:{}[]-é".toCharArray();
        for (int i = 0; i < 500; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String yaml = "v: " + SafeText.yamlQuoted(s.toString()) + "\n";
            var docs = reader.parse("t", yaml);
            assertThat(docs).hasSize(1);
            assertThat(docs.get(0).ok()).as(yaml).isTrue();
            assertThat(docs.get(0).body().get("v").asText()).as(SafeText.visible(yaml)).isEqualTo(s.toString());
        }
    }
}
