package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.document.DocumentReader;
import io.backupgen.report.TextWriter;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.ChildJvm;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streamed validation (documents parsed and checked on several threads, references resolved as
 * the input goes, results handed on in input order) gives the verdicts of validating the whole set
 * at once, for any number of threads; and it keeps memory flat: a large input validates in a small heap.
 */
class StreamingValidationTest {

    static Stream<String> inputs() throws IOException {
        List<String> out = new ArrayList<>(List.of("src/test/resources/validate/good", "src/test/resources/validate/bad",
                "src/test/resources/validate/corpus", "src/test/resources/golden/production/k8s",
                "src/test/resources/golden/openshift/k8s"));
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/validate/agreement/rejected"))) {
            s.sorted().limit(40).forEach(p -> out.add(p.toString()));
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("inputs")
    void streamedResultsAreTheWholeSetsResultsForAnyThreadCount(String input) {
        for (ValidatorOptions.ExternalRefs refs : ValidatorOptions.ExternalRefs.values()) {
            ValidatorOptions options = ValidatorOptions.defaults().withExternalRefs(refs);
            List<String> whole = lines(new Validator(options).validate(DocumentReader.read(List.of(input), System.in)).results());
            for (int threads : new int[] {1, 2, 5}) {
                assertThat(streamed(new Validator(options.withParallelism(threads)), List.of(input), ""))
                        .as("%s with %d threads, %s", input, threads, refs).containsExactlyElementsOf(whole);
            }
        }
    }

    @Test
    void referencesResolveForwardAcrossFilesAndStdinWithResultsInInputOrder(@TempDir Path dir) throws IOException {
        // the CronJob comes first and names a ConfigMap key defined later, in another file; a missing
        // ConfigMap is known only at the end, with a suggestion from every name in the set
        Files.writeString(dir.resolve("a-job.yaml"), """
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: job}
                spec:
                  schedule: "0 2 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - name: c
                              image: busybox
                              env:
                                - name: A
                                  valueFrom: {configMapKeyRef: {name: settings, key: missing-key}}
                                - name: B
                                  valueFrom: {configMapKeyRef: {name: setings, key: x}}
                """);
        Files.writeString(dir.resolve("b-config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                data: {present: "1"}
                """);
        String stdin = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {other: \"2\"}\n";
        List<String> paths = List.of(dir.resolve("a-job.yaml").toString(), dir.resolve("b-config.yaml").toString(), "-");
        List<String> out = streamed(new Validator(ValidatorOptions.defaults().withParallelism(3)), paths, stdin);

        assertThat(out).containsExactly(
                dir.resolve("a-job.yaml") + " 0 INVALID",
                dir.resolve("a-job.yaml") + ":16: CronJob/job: spec.jobTemplate.spec.template.spec.containers[0].env[0]"
                        + ".valueFrom.configMapKeyRef.key: key \"missing-key\" is not in ConfigMap \"settings\" (defined in "
                        + dir.resolve("b-config.yaml") + "; keys: present) (ref-configmap)",
                dir.resolve("a-job.yaml") + ":18: CronJob/job: spec.jobTemplate.spec.template.spec.containers[0].env[1]"
                        + ".valueFrom.configMapKeyRef.name: ConfigMap \"setings\" is not defined in the validated set;"
                        + " did you mean \"settings\"?; add it, or pass --allow-external-refs when the set is partial (ref-configmap)",
                dir.resolve("b-config.yaml") + " 0 VALID",
                "- 0 VALID");
    }

    @Test
    void oneBadFileNeverHidesTheOthersResults(@TempDir Path dir) throws IOException {
        // a file that is not YAML, and one whose second document is broken, between good files: every
        // good document still gets its result, in input order, on any number of threads
        String good = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n";
        Files.writeString(dir.resolve("1-good.yaml"), good);
        Files.writeString(dir.resolve("2-garbage.yaml"), "key: [unclosed\n  : : :\n");
        Files.writeString(dir.resolve("3-half.yaml"), good + "---\nkind: [\n---\n" + good.replace("name: a", "name: b"));
        Files.writeString(dir.resolve("4-good.yaml"), good.replace("name: a", "name: c"));
        for (int threads : new int[] {1, 2, 4}) {
            List<String> out = streamed(new Validator(ValidatorOptions.defaults().withParallelism(threads)),
                    List.of(dir.toString()), "");
            assertThat(out.stream().filter(l -> l.matches(".* \\d+ [A-Z]+$")).toList()).as("%d threads", threads).containsExactly(
                    dir.resolve("1-good.yaml") + " 0 VALID",
                    dir.resolve("2-garbage.yaml") + " 0 ERROR",
                    dir.resolve("3-half.yaml") + " 0 VALID",
                    dir.resolve("3-half.yaml") + " 1 ERROR",
                    dir.resolve("3-half.yaml") + " 2 VALID",
                    dir.resolve("4-good.yaml") + " 0 VALID");
        }
    }

    @Test
    void aLargeStreamValidatesInASmallHeap(@TempDir Path dir) throws IOException {
        // 40 MB of documents (a pod and the ConfigMap and key it names, 20,000 times) in a 64 MiB heap:
        // only possible if documents are not all held at once
        Path big = dir.resolve("big.yaml");
        StringBuilder one = new StringBuilder();
        one.append("---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: busybox\n")
                .append("      env:\n        - name: A\n          valueFrom: {configMapKeyRef: {name: cm, key: k}}\n")
                .append("---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata:\n  k: |\n");
        for (int i = 0; i < 30; i++) {
            one.append("    ").append("x".repeat(60)).append('\n');
        }
        try (var w = Files.newBufferedWriter(big)) {
            for (int i = 0; i < 20_000; i++) {
                w.write(one.toString());
            }
        }
        assertThat(Files.size(big)).isGreaterThan(40_000_000L);
        List<String> cmd = new ArrayList<>(ChildJvm.command(ChildJvm.MAIN, "validate", "--summary", big.toString()));
        cmd.add(1, "-Xmx64m");
        Proc.Result r = ChildJvm.run(cmd, null);
        assertThat(r.stdout()).as(r.stderr()).contains("Summary: 40000 resources found in 1 file - Valid: 40000, Invalid: 0");
        assertThat(r.exit()).as(r.stderr()).isZero();
    }

    private static List<String> streamed(Validator v, List<String> paths, String stdin) {
        List<Result> results = new ArrayList<>();
        v.validate(paths, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), p -> false, new Validator.Sink() {
            @Override
            public void source(String source) {
            }

            @Override
            public void result(Result result) {
                results.add(result);
            }
        });
        return lines(results);
    }

    private static List<String> lines(List<Result> results) {
        List<String> out = new ArrayList<>();
        for (Result r : results) {
            out.add(r.source() + " " + r.document().index() + " " + r.status());
            r.findings().forEach(f -> out.add(TextWriter.format(f)));
        }
        return out;
    }
}
