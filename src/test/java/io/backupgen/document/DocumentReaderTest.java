package io.backupgen.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentReaderTest {

    @Test
    void multiDocumentYamlKeepsStartingLinesAndSkipsEmptyDocuments() {
        String text = """
                # header comment
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                ---
                # only a comment
                ---

                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: b
                ...
                """;
        DocumentSet set = DocumentReader.parse("x.yaml", text);

        assertThat(set.errors()).isEmpty();
        assertThat(set.documents()).extracting(Document::index, Document::line, Document::displayName)
                .containsExactly(tuple(0, 3, "ConfigMap/a"), tuple(1, 11, "ServiceAccount/b"));
    }

    @Test
    void fieldsHaveTheirOwnLinesForFindings() {
        String text = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: b
                  labels:
                    app.kubernetes.io/name: b
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                            - name: c
                              env:
                                - name: A
                                  value: "1"
                                - name: B
                                  valueFrom: {secretKeyRef: {name: s, key: k}}
                """;
        DocumentSet set = DocumentReader.parse("x.yaml", text);
        Document cron = set.documents().get(1);
        String env = "spec.jobTemplate.spec.template.spec.containers[0].env";

        assertThat(set.lineOf(cron, "metadata.name")).isEqualTo(9);
        assertThat(set.lineOf(cron, "metadata.labels[\"app.kubernetes.io/name\"]")).isEqualTo(11);
        assertThat(set.lineOf(cron, env + "[1].name")).isEqualTo(22);
        assertThat(set.lineOf(cron, env + "[1].valueFrom.secretKeyRef.key")).isEqualTo(23);
        // a field that is not there points at its nearest parent, or at the document
        assertThat(set.lineOf(cron, env + "[0].envv")).isEqualTo(20);
        assertThat(set.lineOf(cron, "status.active")).isEqualTo(6);
        assertThat(set.lineOf(set.documents().get(0), "metadata.name")).isEqualTo(4);
    }

    @Test
    void kubectlListsAreExpandedIntoTheirItems() {
        String text = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: first}
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: a
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: b
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: last}
                """;
        DocumentSet set = DocumentReader.parse("list.yaml", text);

        assertThat(set.documents()).extracting(Document::index, Document::line, Document::displayName).containsExactly(
                tuple(0, 1, "ConfigMap/first"), tuple(1, 8, "ServiceAccount/a"), tuple(2, 12, "ConfigMap/b"),
                tuple(3, 17, "Secret/last"));
        assertThat(set.lineOf(set.documents().get(2), "metadata.name")).isEqualTo(15);
    }

    @Test
    void blockScalarsWithDashesAreNotSplit() {
        String text = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: script
                data:
                  run.sh: |
                    echo ---
                    ---
                    echo done
                """;
        DocumentSet set = DocumentReader.parse("x.yaml", text);
        // An indented "---" inside a block scalar is content, not a document marker.
        assertThat(set.documents()).hasSize(1);
        assertThat(set.documents().get(0).body().at("/data/run.sh").asText()).contains("---\necho done");
    }

    @Test
    void aBrokenDocumentIsAnErrorAndDoesNotHideTheNextOne() {
        String text = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  name: twice
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: [unclosed
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: c
                """;
        DocumentSet set = DocumentReader.parse("x.yaml", text);

        // a duplicate key is read as kubectl reads it (the last wins), with a note; a syntax error is an error
        assertThat(set.documents()).extracting(Document::index, Document::name).containsExactly(tuple(0, "twice"), tuple(2, "c"));
        assertThat(set.documents().get(0).notes()).extracting(io.backupgen.yaml.YamlError::line).containsExactly(5);
        assertThat(set.documents().get(0).notes().get(0).message()).contains("mapping key \"name\" already defined at line 4");
        assertThat(set.errors()).extracting(DocumentSet.ParseError::index).containsExactly(1);
        assertThat(set.errors().get(0).line()).isBetween(9, 10);
    }

    @Test
    void directoriesAreReadRecursivelyInSortedOrderAndStdinToo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("b/nested"));
        Files.writeString(dir.resolve("b/nested/z.yml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: z}\n");
        Files.writeString(dir.resolve("a.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"j\"}}");
        Files.writeString(dir.resolve("b/c.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: c}\n");
        Files.writeString(dir.resolve("README.md"), "not a manifest");
        var stdin = new ByteArrayInputStream("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n".getBytes(StandardCharsets.UTF_8));

        DocumentSet set = DocumentReader.read(List.of(dir.toString(), "-"), stdin);

        assertThat(set.documents()).extracting(Document::name).containsExactly("j", "c", "z", "s");
        assertThat(set.sources()).containsExactly(dir.resolve("a.json").toString(), dir.resolve("b/c.yaml").toString(),
                dir.resolve("b/nested/z.yml").toString(), "-");
    }

    @Test
    void aMissingPathIsAnInputError(@TempDir Path dir) {
        assertThatThrownBy(() -> DocumentReader.read(List.of(dir.resolve("nope.yaml").toString()), System.in))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no such file or directory");
    }

    @Test
    void aliasesAndMergeKeysAreResolvedInManifests() {
        String text = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  labels: &labels {app: shop}
                spec:
                  x-defaults: &c {image: registry.example.com/shop:1.0, imagePullPolicy: IfNotPresent}
                  containers:
                    - <<: *c
                      name: app
                      env:
                        - {name: LABELS_APP, value: "shop"}
                """;
        Document pod = DocumentReader.parse("p.yaml", text).documents().get(0);

        assertThat(pod.body().at("/spec/containers/0/image").asText()).isEqualTo("registry.example.com/shop:1.0");
        assertThat(pod.body().at("/spec/containers/0").has("<<")).isFalse();
        assertThat(pod.lineOf("spec.containers[0].imagePullPolicy")).isEqualTo(7);
        assertThat(pod.lineOf("spec.containers[0].name")).isEqualTo(10);
    }

    @Test
    void typedListsAreExpandedLikeV1List() {
        String text = """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: RoleList
                items:
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: reader}
                  - apiVersion: rbac.authorization.k8s.io/v1
                    kind: Role
                    metadata: {name: writer}
                """;
        assertThat(DocumentReader.parse("roles.yaml", text).documents()).extracting(Document::displayName, Document::line)
                .containsExactly(tuple("Role/reader", 4), tuple("Role/writer", 7));
    }

    @Test
    void anUndecodableOrBinaryFileIsOneErrorAndTheOtherFilesAreRead(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a-latin1.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("b-binary.yaml"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, '\n', 3});
        Files.writeString(dir.resolve("c-good.yaml"), "apiVersion: v1\nkind: Secret\nmetadata: {name: c}\n");

        DocumentSet set = DocumentReader.read(List.of(dir.toString()), System.in);

        assertThat(set.documents()).extracting(Document::name).containsExactly("c");
        assertThat(set.errors()).extracting(e -> Path.of(e.source()).getFileName().toString(), DocumentSet.ParseError::line)
                .containsExactly(tuple("a-latin1.yaml", 3), tuple("b-binary.yaml", 1));
        assertThat(set.errors().get(0).message()).contains("not UTF-8", "0xE9");
        assertThat(set.errors().get(1).message()).contains("not a YAML or JSON text file");
    }
}
