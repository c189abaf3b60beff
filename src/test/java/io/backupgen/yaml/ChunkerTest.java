package io.backupgen.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chunker reuses its arrays from one document to the next, takes a line from its read buffer when
 * the line lies whole in it, and widens plain (ASCII) documents to characters as it goes: a stream of
 * many documents reads as each of them read alone, whatever their mix (plain, turning non-ASCII half-way,
 * CR line ends, larger than the first array) and wherever the 64 KiB read buffer splits their lines.
 * The fast and the full reader share the chunker, so BlockYamlAgreementTest cannot see this.
 */
class ChunkerTest {
    private static final YamlReader READER = YamlReader.forManifests();

    @Test
    void aStreamReadsAsItsDocumentsReadAlone() {
        List<String> docs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder d = new StringBuilder("i: " + i + "\nname: doc-" + i + "\n");
            switch (i % 5) {
                case 1 -> d.append("note: plain at first, then caf\u00e9 \u4e2d\u6587\nafter: x\n");
                case 2 -> d.append("crlf: yes\r\nend: 1\r\n");
                case 3 -> {
                    d.append("script: |\n");
                    for (int k = 0; k < 200; k++) {
                        d.append("  echo line ").append(k).append(" of a document larger than the first array\n");
                    }
                }
                case 4 -> d.append("# only a comment here\nlist:\n- a\n- \"b\\tc\"\n");
                default -> d.append("empty:\n");
            }
            docs.add(d.toString());
        }
        StringBuilder stream = new StringBuilder();
        List<Integer> firstLines = new ArrayList<>();
        int line = 1;
        for (String d : docs) {
            stream.append("---\n");
            line++;
            firstLines.add(line);
            stream.append(d);
            line += (int) d.chars().filter(ch -> ch == '\n').count();
        }
        assertThat(stream.length()).isGreaterThan(3 * 64 * 1024); // lines cross the read buffer's ends

        List<YamlDocument> read = READER.parse("s.yaml", stream.toString());
        assertThat(read).hasSize(docs.size());
        for (int i = 0; i < docs.size(); i++) {
            List<YamlDocument> alone = READER.parse("d.yaml", docs.get(i));
            assertThat(alone).hasSize(1);
            YamlDocument s = read.get(i);
            YamlDocument a = alone.get(0);
            assertThat(s.error()).as("error of %d", i).isNull();
            assertThat(s.body()).as("document %d", i).isEqualTo(a.body());
            assertThat(s.body().path("i").asInt()).isEqualTo(i);
            assertThat(s.line()).as("line of %d", i).isEqualTo(firstLines.get(i) + a.line() - 1);
            assertThat(s.positions().findLine("/name")).as("line of /name in %d", i)
                    .isEqualTo(firstLines.get(i) + a.positions().findLine("/name") - 1);
        }
    }
}
