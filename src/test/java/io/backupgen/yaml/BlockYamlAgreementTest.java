package io.backupgen.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path ({@link BlockYaml}) reads what the full reader (SnakeYAML and NodeConverter) reads:
 * same documents, trees, lines, errors, warnings and (computed on demand) positions, on every YAML
 * file the tests hold and on snippets chosen for the scanner's corner cases. It must also actually
 * take what tools write: every rendered golden manifest goes through it (chart templates are Go
 * templates, not YAML).
 */
class BlockYamlAgreementTest {
    private static final YamlReader FAST = YamlReader.forManifests();
    private static final YamlReader FULL = FAST.fullOnly();

    static Stream<Path> yamlFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String root : List.of("src/test/resources", "samples", "profiles")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().forEach(out::add);
            }
        }
        assertThat(out).hasSizeGreaterThan(100);
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("yamlFiles")
    void everyFixtureReadsTheSameOnBothPaths(Path file) throws IOException {
        agree(file.toString(), Files.readAllBytes(file));
    }

    @Test
    void renderedFilesTakeTheFastPath() throws IOException {
        int documents = 0;
        try (Stream<Path> walk = Files.walk(Path.of("src/test/resources/golden"))) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".yaml") && f.toString().contains("/k8s/")).sorted().toList()) {
                String text = Files.readString(p);
                // double-quoted scalars Jackson wraps over several lines (long alert descriptions) included
                for (YamlDocument d : FAST.parse(p.toString(), text)) {
                    assertThat(d.positions().isLazy()).as("%s document %d took the fast path", p, d.index()).isTrue();
                    documents++;
                }
            }
        }
        assertThat(documents).isGreaterThan(90);
    }

    static Stream<String> snippets() {
        return Stream.of(
                // plain, quoted, resolved scalars and keys
                "a: 1\nb: yes\nc: \"yes\"\nd: '0755'\ne: 0755\nf: 1e3\ng: ~\nh:\ni: 1.5\nj: -0x1F\nk: 2024-01-02\n",
                "yes: 1\n1.0: a\n\"quoted key\": b\n'single': c\nno: d\n",
                "a: b c  d   \nb: x#y\nc: x #y\nd: 'it''s'\ne: \"tab\\there \\u00e9 \\x41 \\U0001F600 \\\\ \\\"\"\n",
                "a: \"\\/\"\n", "a: \"multi\n  line\"\n", "a: plain\n  continued\n", "a: plain\n\n  continued\n",
                "a: x\n  # a comment, not a continuation\nb: y\n", "a: 'unterminated\n", "a: b: c\n", "a: b:\n",
                "a: http://example.com:8080/x\nb: -5\nc: -x\nd: ?x\ne: :x\n", "a: - b\n", "a: @x\n", "a: `x\n",
                "a: .inf\n", "a: .5\nb: 1_000\nc: 0b101\nd: +12\n", "<<: {a: 1}\n", "\"<<\": 1\n",
                "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: {b: 1}\n", "a: [1, 2]\n", "a: []\nb: {}\nc: [ ]\n",
                // flow collections on one line
                "a: [\"/bin/sh\", '-c', plain words, 1, yes, ~]\nb: {x: 1, 'y': \"2\", z: on}\n", "a: [a,b]\n",
                "a: [a, [b]]\n", "a: [a, {b: c}]\n", "a: [a,]\n", "a: [a,,b]\n", "a: [a\n  , b]\n", "a: [a: b]\n",
                "a: {a:b}\n", "a: {a: b, a: c}\n", "a: {<<: {}}\n", "a: [a?b]\n", "a: [-x, -, :x]\n", "a: [ a , b ]  # c\n",
                "a: [\"x\" , 'y']\n", "a: {\"k\" : v}\n", "a: {\"k\": v}\n", "a: [x #c]\n", "a: [x]y\n", "- [a, b]\n",
                "a:\n- [1, 2]\n- {k: v}\n", "a: [.inf]\n", "kind: List\nitems:\n- a: 1\n  b:\n    c: 2\n-\n  d: 3\n- x\n-\n",
                "a:\n  -\n\n    # c\n    b: 1\n  - \n  -   - x\n", "a: {1.0: x, yes: y}\n", "a: [\"unterminated]\n", "a: [x", "a: {k: v",
                "a: 1\na: 2\n", "a:\tb\n", "a: b\t# c\n", "\ta: b\n", "a:\n\t- b\n", "a: \"x\"y\n", "a: 'x' # c\n",
                // collections
                "a:\n  b:\n    c: 1\n  d:\n  - x\n  - y\ne:\n- 1\n- name: n\n  v: 2\n-\n- # c\n  k: v\n",
                "a:\n- - x\n", "a:\n  - b\n  -   c: 1\n      d: 2\n  - 'q': 3\n", "a:\n  -\n    b: 1\n",
                "a:\n  b: 1\n   c: 2\n", "a:\n  b: 1\n c: 2\n", "a:\n    - x\n  - y\n", "a:\n  value\n",
                "- a\n- b\n", "scalar\n", "a: 1\n...\n", "%YAML 1.1\n---\na: 1\n", "--- a\n", "---\na: 1\n",
                "--- # c\na: 1\n", "# head\n---\na: 1\n", "---\n# c\n---\na: 1\n", "---\n---\n- x\n", "--- # c\n\n---  \n# d\n---\na: 1\n", "---\n--- a\n", "  a: 1\n  b: 2\n", "a: 1\r\nb: 2\r\n", "a: 1",
                "a: |\n  x", "a: \"x\"", "a:", "a:\n", "key with spaces: v\n", "a : b\n", "? a\n: b\n",
                // double-quoted scalars over lines: folded, escaped breaks (how Jackson wraps long values)
                "a: \"one\\\n  \\ two\"\nb: 1\n", "a: \"x  \n\n  y\"\n", "a: \"x\n\n\n  y \\\n \\  z\"\n",
                "- \"x\n  y\"\n- z\n", "a: \"x\ny\"\nb: 1\n", "a: \"x\t\n\ty\"\n", "\"a\n  b\": 1\n",
                "a: \"x\\\n\n  y\"\n", "a: \"x\n  \"\n", "a: \"x\n--- y\"\n", "a: \"x\n  ...\"\n", "a: \"x\n",
                "a:\n  b: \"long \\\n    \\ wrapped\" # c\n  c: 1\n", "a: [\"x\n  y\"]\n", "a: \"x\" \n  y\n",
                // block scalars: chomping, folding, indentation
                "a: |\n  one\n  two\n\n\nb: 1\n", "a: |-\n  one\n  two\n\nb: 1\n", "a: |+\n  one\n\n\nb: 1\n",
                "a: >\n  one\n  two\n\n  three\n   four\n  five\nb: 1\n", "a: >-\n  x\n  y\n", "a: >+\n  x\n\n",
                "a: |\n\n  after blank\n", "a: |\n    \n  less\n", "a: |\n  x\n    indented\n  back\n",
                "a: |2\n   leading space\n  x\n", "a: |-2\n    x\n", "a: |1\n  x\n", "a: |0\n x\n", "a: |x\n",
                "a: | # comment\n  x\n", "a: |#c\n  x\n", "a: |\n  # not a comment\n  x\nb: |\n  y\n# comment\nc: 1\n",
                "a: |\nb: 1\n", "a: |+\nb: 1\n", "a: |\n x\n", "- |\n  item\n- >-\n  folded\n", "a:\n- |\n  s\n",
                "a: |\n  tab\there\n\tat start\n", "a: >\n  x\n\ty\n  z\n", "a: |\n  x\n  ", "a: |\n  x\n \n  y\n",
                "a:\n  b: |\n    deep\n      deeper\n  c: 1\n", "a: |\n  trailing   \n  x\n", "a: >\n\n  x\n\n  y\n",
                // characters
                "a: caf\u00e9 \u4e2d\u6587 \uD83D\uDE00\n", "a: \u0085x\n", "a: x\u2028y\n", "a: \u00a0\n", "a: \u007f\n",
                "\uFEFFa: 1\n", "a: \"\\N\\_\\L\\P\\0\\a\\b\\v\\f\\e\\ \"\n");
    }

    @ParameterizedTest
    @MethodSource("snippets")
    void snippetsReadTheSameOnBothPaths(String snippet) {
        agree("snippet.yaml", snippet.getBytes(StandardCharsets.UTF_8));
        agree("snippet.yaml", ("---\n" + snippet + "\n---\nk: v\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theFastPathTakesWhatToolsWrite() {
        for (String common : List.of("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    a.b/c: \"d\"\n"
                        + "data:\n  run.sh: |\n    #!/bin/sh\n    echo \"$X\" # hi\n\n    exit 0\n",
                "a:\n- name: x\n  value: '1'\n- name: y\n  valueFrom:\n    secretKeyRef: {}\nb: []\n")) {
            for (YamlDocument d : FAST.parse("x.yaml", common)) {
                assertThat(d.positions().isLazy()).as(common).isTrue();
            }
        }
        for (String other : List.of("a: &x 1\n", "a: {b: [1]}\n", "a: 1\na: 2\n", "x\n")) {
            assertThat(FAST.parse("x.yaml", other)).allSatisfy(d -> assertThat(d.positions().isLazy()).as(other).isFalse());
        }
    }

    private static void agree(String source, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<YamlDocument> fast = read(FAST, source, bytes);
        List<YamlDocument> full = read(FULL, source, bytes);
        assertThat(fast).as("documents of %s", text).hasSameSizeAs(full);
        for (int i = 0; i < fast.size(); i++) {
            YamlDocument f = fast.get(i);
            YamlDocument g = full.get(i);
            String what = source + " document " + i + " of:\n" + text;
            assertThat(f.body()).as("tree, %s", what).isEqualTo(g.body());
            if (f.body() != null) {
                assertThat(f.body().toString()).as("tree text, %s", what).isEqualTo(g.body().toString());
            }
            assertThat(f.line()).as("line, %s", what).isEqualTo(g.line());
            assertThat(f.index()).as("index, %s", what).isEqualTo(g.index());
            assertThat(f.error()).as("error, %s", what).isEqualTo(g.error());
            assertThat(f.partial()).as("partial, %s", what).isEqualTo(g.partial());
            assertThat(f.warnings()).as("warnings, %s", what).isEqualTo(g.warnings());
            // the fast path's lines answer without loading the positions, and must say what they would
            for (String pointer : g.positions().pointers()) {
                for (String p : List.of(pointer, pointer + "/0", pointer + "/missing", pointer + "/a~1b")) {
                    assertThat(f.positions().findLine(p)).as("line of %s, %s", p, what)
                            .isEqualTo(g.positions().find(p).line());
                }
            }
            if (f.body() != null && f.body().path("items").isArray()) {
                for (int item = 0; item < f.body().path("items").size(); item++) {
                    Positions under = f.positions().under("/items/" + item);
                    Positions whole = g.positions().under("/items/" + item);
                    for (String p : whole.pointers()) {
                        assertThat(under.findLine(p)).as("line of item %d %s, %s", item, p, what).isEqualTo(whole.find(p).line());
                    }
                }
            }
            assertThat(f.positions().sameAs(g.positions())).as("positions, %s", what).isTrue();
        }
    }

    private static List<YamlDocument> read(YamlReader reader, String source, byte[] bytes) {
        List<YamlDocument> out = new ArrayList<>();
        try (YamlStream s = reader.open(source, new java.io.ByteArrayInputStream(bytes))) {
            while (s.hasNext()) {
                out.add(s.next());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }
}
