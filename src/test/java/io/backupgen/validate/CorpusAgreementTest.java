package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.document.DocumentReader;
import io.backupgen.document.DocumentSet;
import io.backupgen.testing.Kubeconform;
import io.backupgen.testing.SharedSchemas;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The manifests of seeds 000 and 002 (extracted by {@code corpus/extract_seeds.py}, cookiecutter
 * values filled in) get the same verdict per document from backupgen's schema layer as from two
 * independent checks: the real kubeconform ({@code ../shared/bin/kubeconform}, run every time), and
 * {@code corpus/independent_check.py} (PyYAML + Python's jsonschema, no shared code), whose
 * verdicts are recorded in {@code expected-schema-v<version>.tsv}.
 */
class CorpusAgreementTest {
    static final Path CORPUS = Path.of("src/test/resources/validate/corpus");

    /** "000/block01-line62.yaml\t0" -> verdict. */
    static Map<String, String> backupgenSchemaVerdicts(String version) {
        Map<String, String> out = new LinkedHashMap<>();
        Validator v = new Validator(ValidatorOptions.defaults().withKubernetesVersion(version)
                .withSchemaLocations(SharedSchemas.location()));
        for (String seed : List.of("000", "002")) {
            DocumentSet set = DocumentReader.read(List.of(CORPUS.resolve(seed).toString()), System.in);
            for (Result r : v.validate(set).results()) {
                String verdict;
                if (r.status() == Status.ERROR) {
                    verdict = "error";
                } else if (r.schemaLocation() == null) {
                    verdict = "skipped";
                } else {
                    verdict = r.findings().stream().anyMatch(f -> f.rule().equals(Validator.RULE_SCHEMA)) ? "invalid" : "valid";
                }
                out.put(key(r.source()) + "\t" + r.document().index() + "\t" + r.document().displayName(), verdict);
            }
        }
        return out;
    }

    static String key(String source) {
        return CORPUS.toAbsolutePath().relativize(Path.of(source).toAbsolutePath()).toString().replace(File.separatorChar, '/');
    }

    static Map<String, String> parseTsv(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : lines) {
            if (l.isBlank()) {
                continue;
            }
            int tab = l.lastIndexOf('\t');
            out.put(l.substring(0, tab), l.substring(tab + 1));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.31.0", "1.36.0"})
    void schemaVerdictsAgreeWithTheRecordedIndependentCheck(String version) throws IOException {
        Map<String, String> expected = parseTsv(Files.readAllLines(CORPUS.resolve("expected-schema-v" + version + ".tsv")));

        Map<String, String> actual = backupgenSchemaVerdicts(version);

        assertThat(actual).containsExactlyEntriesOf(expected);
        // The corpus is not trivially valid: it has an invalid custom resource and non-objects.
        assertThat(actual.values()).contains("valid", "invalid", "error");
        assertThat(actual).containsEntry("002/block01-line32.yaml\t0\tCluster/nextgen-postgres", "invalid");
    }

    /**
     * kubeconform (the real binary, always run) and backupgen agree document by document on the
     * schema verdict, with the same shared schemas.
     */
    @ParameterizedTest
    @ValueSource(strings = {"1.31.0", "1.36.0"})
    void kubeconformAgreesDocumentByDocument(String version) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String seed : List.of("000", "002")) {
            try (var s = Files.list(CORPUS.resolve(seed))) {
                s.sorted().forEach(files::add);
            }
        }
        Map<String, String> theirs = new LinkedHashMap<>();
        for (Kubeconform.Verdict v : Kubeconform.run(version, List.of(), files)) {
            if (!v.status().isEmpty() && !v.status().equals("empty")) {
                theirs.put(key(v.filename()) + "\t" + v.kind() + "/" + v.name(), v.status());
            }
        }
        Map<String, String> ours = new LinkedHashMap<>();
        backupgenSchemaVerdicts(version).forEach((k, v) -> ours.put(k.substring(0, k.indexOf('\t')) + "\t"
                + (v.equals("error") ? "/" : k.substring(k.lastIndexOf('\t') + 1)), v));

        assertThat(theirs).isNotEmpty();
        assertThat(ours).containsExactlyInAnyOrderEntriesOf(theirs);
    }

    /**
     * The offline verdict (built-in schemas + API rules, no flags), each justified:
     * <ul>
     *   <li>seed 000 is one complete set: the CronJobs' ConfigMap, PVC and ServiceAccount are all in it and
     *       the credentials Secret is external, which is allowed: everything VALID;</li>
     *   <li>000 block05 is a fragment of kustomization.yaml without apiVersion/kind, block07 a list of
     *       Prometheus alert rules: not Kubernetes objects, ERROR (block06 holds only comments: no document);</li>
     *   <li>002's CronJobs postgres-backup and config-backup use ServiceAccount backup-sa, pv-snapshot-scheduler
     *       snapshot-sa, etcd-backup etcd-backup-sa: none is in the seed, so INVALID (ref-serviceaccount) for a
     *       set taken as complete, VALID with --allow-external-refs; postgres-backup-verify uses the default
     *       ServiceAccount: VALID;</li>
     *   <li>002's Cluster, VolumeSnapshot, VolumeSnapshotClass are custom resources whose CRD schemas backupgen
     *       carries: Cluster is INVALID (unknown field backup.volumeSnapshot.enabled, as kubeconform and the API
     *       server say), the snapshot objects VALID;</li>
     *   <li>002 blocks 09/10 are Prometheus scrape configs and alert rules (YAML lists): ERROR;</li>
     *   <li>002's ConfigMap backup-lifecycle-policy: VALID.</li>
     * </ul>
     */
    @Test
    void offlineVerdictsAreTheJustifiedOnes() {
        Map<String, Status> expected = new LinkedHashMap<>();
        expected.put("000/block01-line62.yaml\t0", Status.VALID);
        expected.put("000/block01-line62.yaml\t1", Status.VALID);
        expected.put("000/block01-line62.yaml\t2", Status.VALID);
        expected.put("000/block02-line421.yaml\t0", Status.VALID);
        expected.put("000/block03-line443.yaml\t0", Status.VALID);
        expected.put("000/block04-line465.yaml\t0", Status.VALID);
        expected.put("000/block05-line483.yaml\t0", Status.ERROR);
        expected.put("000/block07-line599.yaml\t0", Status.ERROR);
        expected.put("002/block01-line32.yaml\t0", Status.INVALID);
        expected.put("002/block02-line82.yaml\t0", Status.INVALID);
        expected.put("002/block03-line158.yaml\t0", Status.VALID);
        expected.put("002/block04-line216.yaml\t0", Status.VALID);
        expected.put("002/block05-line231.yaml\t0", Status.INVALID);
        expected.put("002/block06-line279.yaml\t0", Status.VALID);
        expected.put("002/block07-line297.yaml\t0", Status.INVALID);
        expected.put("002/block08-line376.yaml\t0", Status.INVALID);
        expected.put("002/block09-line599.yaml\t0", Status.ERROR);
        expected.put("002/block10-line636.yaml\t0", Status.ERROR);
        expected.put("002/block11-line733.yaml\t0", Status.VALID);

        Map<String, Status> actual = offline(ValidatorOptions.defaults());
        assertThat(actual).containsExactlyEntriesOf(expected);

        Map<String, Status> partial = offline(ValidatorOptions.defaults().withExternalRefs(ValidatorOptions.ExternalRefs.WARN));
        expected.replaceAll((k, v) -> v == Status.INVALID && !k.startsWith("002/block01") ? Status.VALID : v);
        assertThat(partial).containsExactlyEntriesOf(expected);
    }

    @Test
    void validatingTheCorpusIsFast() {
        Validator v = new Validator(ValidatorOptions.defaults().withSchemaLocations(SharedSchemas.location()));
        DocumentSet set = DocumentReader.read(List.of(CORPUS.resolve("000").toString(), CORPUS.resolve("002").toString()),
                System.in);
        long t0 = System.nanoTime();
        v.validate(set);
        long cold = System.nanoTime() - t0;
        t0 = System.nanoTime();
        v.validate(set);
        long warm = System.nanoTime() - t0;
        System.out.printf("corpus: %d documents, first run (loads+compiles schemas) %d ms, second run %d ms%n",
                set.documents().size(), cold / 1_000_000, warm / 1_000_000);
        // Generous bounds for a shared 2-core machine; typical numbers are printed above.
        assertThat(warm / 1_000_000).isLessThan(1000);
    }

    static Map<String, Status> offline(ValidatorOptions options) {
        Map<String, Status> out = new LinkedHashMap<>();
        Validator v = new Validator(options);
        for (String seed : List.of("000", "002")) {
            for (Result r : v.validate(DocumentReader.read(List.of(CORPUS.resolve(seed).toString()), System.in)).results()) {
                out.put(key(r.source()) + "\t" + r.document().index(), r.status());
            }
        }
        return out;
    }
}
