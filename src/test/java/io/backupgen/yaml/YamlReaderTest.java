package io.backupgen.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one YAML reading path: what kubectl reads, with positions, limits and errors as data. */
class YamlReaderTest {
    static final YamlReader READER = YamlReader.forManifests();

    static List<YamlDocument> read(String text) {
        return READER.parse("x.yaml", text);
    }

    static JsonNode one(String text) {
        List<YamlDocument> docs = read(text);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).error()).as("error").isNull();
        return docs.get(0).body();
    }

    static YamlError error(String text) {
        List<YamlDocument> docs = read(text);
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).error()).as("expected an error for %s", text).isNotNull();
        return docs.get(0).error();
    }

    @Test
    void aliasesAreExpandedNotReadAsTheirNames() {
        JsonNode doc = one("""
                x-image: &img registry.example.com/app:1.2.3
                spec:
                  containers:
                    - name: a
                      image: *img
                """);
        assertThat(doc.at("/spec/containers/0/image").asText()).isEqualTo("registry.example.com/app:1.2.3");
    }

    @Test
    void mergeKeysMergeInOrderAsKubectlMergesThem() {
        JsonNode doc = one("""
                base: &base {cpu: 100m, memory: 64Mi, tier: base}
                extra: &extra {memory: 128Mi, tier: extra, zone: a}
                a:
                  <<: *base
                  cpu: 200m
                b:
                  cpu: 300m
                  <<: [*extra, *base]
                """);
        // a key after the merge wins over it
        assertThat(doc.get("a").toString()).isEqualTo("{\"cpu\":\"200m\",\"memory\":\"64Mi\",\"tier\":\"base\"}");
        // earlier merge sources win over later ones, and (go-yaml v2, so kubectl, checked against the API
        // server) a merge overrides a key written before it: b.cpu is base's
        assertThat(doc.get("b").get("cpu").asText()).isEqualTo("100m");
        assertThat(doc.get("b").get("memory").asText()).isEqualTo("128Mi");
        assertThat(doc.get("b").get("tier").asText()).isEqualTo("extra");
        assertThat(doc.get("b").get("zone").asText()).isEqualTo("a");
        assertThat(doc.get("b").has("<<")).isFalse();
        // ... which is said, since YAML 1.1 itself says the mapping's own key should win
        assertThat(read(TEXT_B).get(0).warnings()).extracting(YamlError::line, YamlError::message)
                .containsExactly(tuple(7, "key \"cpu\" is overridden by the merge key (<<) at line 8: kubectl applies"
                        + " merges in order; put the key after the << line to keep it"));
    }

    static final String TEXT_B = """
            base: &base {cpu: 100m, memory: 64Mi, tier: base}
            extra: &extra {memory: 128Mi, tier: extra, zone: a}
            a:
              <<: *base
              cpu: 200m
            b:
              cpu: 300m
              <<: [*extra, *base]
            """;

    @Test
    void aMergeOfSomethingThatIsNotAMappingIsAnError() {
        YamlError e = error("a: &x hello\nb:\n  <<: *x\n");
        assertThat(e.message()).contains("merge key (<<) needs a mapping");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void duplicateKeysAreErrorsNamingBothLinesOrForManifestsLastWinsWithAWarning() {
        String text = """
                metadata:
                  name: a
                  labels: {}
                  name: b
                """;
        List<YamlDocument> manifests = read(text);
        assertThat(manifests.get(0).body().at("/metadata/name").asText()).isEqualTo("b"); // as kubectl reads it
        assertThat(manifests.get(0).warnings()).extracting(YamlError::line).containsExactly(4);
        YamlError e = new YamlReader(YamlLimits.manifests()).parse("s.yaml", text).get(0).error();
        assertThat(e.kind()).isEqualTo(YamlError.Kind.DUPLICATE_KEY);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.message()).contains("\"name\"", "already defined at line 2");
    }

    @Test
    void tabsAreAcceptedWhereGoYamlAcceptsThem() {
        JsonNode doc = one("kind: ConfigMap\t\nmetadata:\n  name:\ta\t# trailing tab and comment\ndata: {a: \"1\",\tb: \"2\"}\n"
                + "list: [\"x\",\t\"y\"]\nquoted: \"q\"\t\nblock: |\n  keeps\ttabs\t\n");
        assertThat(doc.get("kind").asText()).isEqualTo("ConfigMap");
        assertThat(doc.at("/metadata/name").asText()).isEqualTo("a");
        assertThat(doc.at("/data/b").asText()).isEqualTo("2");
        assertThat(doc.at("/list/1").asText()).isEqualTo("y");
        assertThat(doc.get("quoted").asText()).isEqualTo("q");
        assertThat(doc.get("block").asText()).isEqualTo("keeps\ttabs\t\n");
    }

    @Test
    void tabsForIndentationOrAfterABlockIndicatorAreRefusedAsGoYamlRefusesThem() {
        YamlError indent = error("metadata:\n\tname: a\n");
        assertThat(indent.line()).isEqualTo(2);
        assertThat(indent.message()).contains("TAB");
        assertThat(error("- \tb\n").message()).contains("TAB");
    }

    @Test
    void plainScalarsResolveAsKubernetesYamlToJsonDoes() {
        JsonNode doc = one("""
                yes: a
                v1: y
                v2: On
                off: b
                octal: 0755
                hex: 0x1F
                under: 1_000
                exp: 1e3
                float: 1.0
                half: 0.5
                big: 99999999999999999999
                date: 2024-01-02
                nul: ~
                empty:
                quoted: "yes"
                str: !!str 0755
                int: !!int "12"
                bin: !!binary aGVsbG8=
                dot: .5
                version: 1.20
                word: yesterday
                """);
        // keys resolve too, and sigs.k8s.io/yaml spells a boolean key "true"/"false"
        assertThat(doc.get("true").asText()).isEqualTo("a");
        assertThat(doc.get("false").asText()).isEqualTo("b");
        assertThat(doc.get("v1").isBoolean()).isTrue();
        assertThat(doc.get("v2").booleanValue()).isTrue();
        assertThat(doc.get("octal").asInt()).isEqualTo(493);
        assertThat(doc.get("hex").asInt()).isEqualTo(31);
        assertThat(doc.get("under").asInt()).isEqualTo(1000);
        assertThat(doc.get("exp").isIntegralNumber()).isTrue();
        assertThat(doc.get("exp").asLong()).isEqualTo(1000);
        assertThat(doc.get("float").isIntegralNumber()).isTrue();
        assertThat(doc.get("half").asDouble()).isEqualTo(0.5);
        // over uint64: go-yaml makes it a float, and Go writes 1e20 to JSON as 100000000000000000000
        assertThat(doc.get("big").bigIntegerValue().toString()).isEqualTo("100000000000000000000");
        assertThat(doc.get("date").isTextual()).isTrue();
        assertThat(doc.get("nul").isNull()).isTrue();
        assertThat(doc.get("empty").isNull()).isTrue();
        assertThat(doc.get("quoted").isTextual()).isTrue();
        assertThat(doc.get("str").asText()).isEqualTo("0755");
        assertThat(doc.get("int").asInt()).isEqualTo(12);
        assertThat(doc.get("bin").asText()).isEqualTo("hello");
        assertThat(doc.get("dot").asDouble()).isEqualTo(0.5);
        assertThat(doc.get("version").asDouble()).isEqualTo(1.2);
        assertThat(doc.get("word").asText()).isEqualTo("yesterday");
    }

    @Test
    void valuesJsonCannotCarryAreErrors() {
        assertThat(error("replicas: .inf\n").message()).contains(".inf", "cannot be converted to JSON");
        assertThat(error("? [a, b]\n: c\n").message()).contains("mapping key must be a string");
        assertThat(error("~: c\n").message()).contains("not null");
        assertThat(error("a: !!int twelve\n").message()).contains("cannot decode \"twelve\" as !!int");
    }

    @Test
    void everyKeyAndValueKeepsItsPosition() {
        List<YamlDocument> docs = read("""
                # comment
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  labels:
                    app.kubernetes.io/name: x
                data:
                  list:
                    - one
                    -   two
                """);
        Positions p = docs.get(0).positions();
        assertThat(docs.get(0).line()).isEqualTo(2);
        assertThat(p.key("/metadata/name")).contains(new Position(5, 3));
        assertThat(p.value("/metadata/name")).contains(new Position(5, 9));
        assertThat(p.key("/metadata/labels/app.kubernetes.io~1name")).contains(new Position(7, 5));
        assertThat(p.value("/data/list/1")).contains(new Position(11, 9));
        assertThat(p.find("/data/list/7/missing")).isEqualTo(new Position(9, 3));
        assertThat(p.find("/nothing")).isEqualTo(new Position(2, 1)); // the document itself
    }

    @Test
    void mergedAndAliasedFieldsPointAtWhereTheyAreWritten() {
        YamlDocument d = read("""
                defaults: &d
                  cpu: 100m
                  memory: 64Mi
                a:
                  <<: *d
                  memory: 128Mi
                """).get(0);
        assertThat(d.positions().key("/a/cpu")).contains(new Position(2, 3));
        assertThat(d.positions().key("/a/memory")).contains(new Position(6, 3));
    }

    @Test
    void aBrokenDocumentIsAnErrorInItsPlaceAndTheOthersAreStillRead() {
        List<YamlDocument> docs = read("""
                a: 1
                ---
                b: [unclosed
                ---
                # only a comment
                ---
                c: 3
                ...
                d: 4
                """);
        assertThat(docs).extracting(YamlDocument::index, YamlDocument::line, YamlDocument::ok)
                .containsExactly(tuple(0, 1, true), tuple(1, 4, false), tuple(2, 7, true), tuple(3, 9, true));
        assertThat(docs.get(1).error().kind()).isEqualTo(YamlError.Kind.SYNTAX);
        assertThat(docs.get(1).error().message()).doesNotContain("^", "in 'reader'");
    }

    @Test
    void nonUtf8IsAnEncodingErrorWithItsLineAndTheNextDocumentIsStillRead() {
        byte[] latin1 = "a: caf\u00e9\n---\nb: 2\n".getBytes(StandardCharsets.ISO_8859_1);
        List<YamlDocument> docs = read(latin1);
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).error().kind()).isEqualTo(YamlError.Kind.ENCODING);
        assertThat(docs.get(0).error().line()).isEqualTo(1);
        assertThat(docs.get(0).error().message()).contains("not UTF-8", "0xE9");
        assertThat(docs.get(1).body().get("b").asInt()).isEqualTo(2);
    }

    @Test
    void aByteOrderMarkIsNotContentAndUtf16IsNamed() {
        assertThat(read(bytes("\ufeffa: 1\n")).get(0).body().get("a").asInt()).isEqualTo(1);
        List<YamlDocument> utf16 = read("a: 1\n".getBytes(StandardCharsets.UTF_16));
        assertThat(utf16.get(0).error().message()).contains("UTF-16");
    }

    @Test
    void binaryInputIsNamedAsSuch() {
        byte[] bin = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, '\n', 1, 2};
        YamlError e = read(bin).get(0).error();
        assertThat(e.kind()).isEqualTo(YamlError.Kind.BINARY);
        assertThat(e.message()).contains("not a YAML or JSON text file");
    }

    @Test
    void aBillionLaughsFailsOnTheAliasBound() {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            sb.append(c).append(": &").append(c).append(" [").append(("*" + p + ",").repeat(8)).append('*').append(p).append("]\n");
        }
        YamlError e = error(sb.toString());
        assertThat(e.kind()).isEqualTo(YamlError.Kind.LIMIT);
        assertThat(e.message()).contains("excessive aliasing");
    }

    @Test
    void moderateAliasUseIsFine() {
        JsonNode doc = one("""
                env: &env [{name: A, value: "1"}, {name: B, value: "2"}]
                c1: {env: *env}
                c2: {env: *env}
                c3: {env: *env}
                """);
        assertThat(doc.at("/c3/env/1/name").asText()).isEqualTo("B");
    }

    @Test
    void aRecursiveAliasIsAnError() {
        assertThat(error("a: &x [1, *x]\n").message()).contains("contains an alias to itself");
    }

    @Test
    void scalarDocumentAndInputSizesAreBounded() {
        YamlReader small = new YamlReader(YamlLimits.manifests().withMaxScalarChars(1000).withMaxDocumentBytes(4096));
        List<YamlDocument> docs = small.parse("s.yaml", "a: " + "x".repeat(1001) + "\n---\nb: " + "y".repeat(5000)
                + "\n---\nc: ok\n");
        assertThat(docs).extracting(d -> d.error() == null ? "ok" : d.error().kind().name())
                .containsExactly("LIMIT", "LIMIT", "ok");
        assertThat(docs.get(0).error().message()).contains("1001 characters", "limit of 1000");
        assertThat(docs.get(1).error().message()).contains("larger than the limit of 4 KiB");

        YamlReader tiny = new YamlReader(YamlLimits.manifests().withMaxInputBytes(10));
        assertThat(tiny.parse("t.yaml", "a: 1\nb: 2\nc: 3\n")).extracting(d -> d.error().message())
                .containsExactly("the input is larger than the limit of 10 bytes");
        assertThat(error("a: " + "[".repeat(1100) + "]".repeat(1100) + "\n").kind()).isEqualTo(YamlError.Kind.LIMIT);
    }

    @Test
    void aLongScalarWithinTheLimitIsRead() {
        // 3 MiB on one line: SnakeYAML alone copies its 1 KiB window per refill (quadratic: minutes);
        // the widened buffer reads it in one pass. Timings are in bench/, this proves it is read right.
        String big = "x".repeat(YamlLimits.API_SERVER_REQUEST_LIMIT);
        JsonNode doc = one("a: " + big + "\nb: \"" + big + "\"\n");
        assertThat(doc.get("a").asText()).hasSize(big.length());
        assertThat(doc.get("b").asText()).hasSize(big.length());
    }

    @Test
    void emptyDocumentsAreLeftOut() {
        assertThat(read("---\n---\n# nothing\n---\n~\n---\n")).isEmpty();
        assertThat(read("")).isEmpty();
    }

    @Test
    void documentsAreReadOneAtATime() throws IOException {
        // a stream that fails once the first document has been handed out: it was not read ahead
        byte[] first = "a: 1\n---\n".getBytes(StandardCharsets.UTF_8);
        InputStream in = new InputStream() {
            int i;

            @Override
            public int read() throws IOException {
                if (i < first.length) {
                    return first[i++];
                }
                throw new IOException("disk gone");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (i >= first.length) {
                    throw new IOException("disk gone");
                }
                b[off] = first[i++];
                return 1;
            }
        };
        try (YamlStream s = READER.open("-", in)) {
            assertThat(s.next().body().get("a").asInt()).isEqualTo(1);
            YamlDocument broken = s.next();
            assertThat(broken.error().kind()).isEqualTo(YamlError.Kind.IO);
            assertThat(broken.error().message()).contains("disk gone");
            assertThat(s.hasNext()).isFalse();
        }
    }

    @Test
    void jsonValuesHavePositionsAndTheSameRules() {
        List<YamlDocument> docs = READER.parseJson("x.json", """
                {"apiVersion": "v1",
                 "kind": "List",
                 "items": [{"a": 1.0}]}
                {"b": 2}
                """);
        assertThat(docs).hasSize(2);
        assertThat(docs.get(0).positions().key("/items")).contains(new Position(3, 2));
        assertThat(docs.get(0).body().at("/items/0/a").isIntegralNumber()).isTrue();
        assertThat(docs.get(1).body().get("b").asInt()).isEqualTo(2);

        YamlDocument dup = new YamlReader(YamlLimits.manifests()).parseJson("d.json", "{\"a\": 1, \"a\": 2}").get(0);
        assertThat(dup.error().kind()).isEqualTo(YamlError.Kind.DUPLICATE_KEY);
        YamlDocument lastWins = READER.parseJson("d.json", "{\"a\": 1, \"a\": 2}").get(0);
        assertThat(lastWins.body().get("a").asInt()).isEqualTo(2);
        assertThat(lastWins.warnings()).extracting(YamlError::kind).containsExactly(YamlError.Kind.DUPLICATE_KEY);
        YamlDocument bad = READER.parseJson("b.json", "{\"a\": }").get(0);
        assertThat(bad.error().message()).startsWith("not valid JSON").doesNotContain("REDACTED", "Source:");
    }

    private static List<YamlDocument> read(byte[] bytes) {
        List<YamlDocument> out = new ArrayList<>();
        try (YamlStream s = READER.open("x.yaml", new ByteArrayInputStream(bytes))) {
            s.forEachRemaining(out::add);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }
}
