package io.backupgen.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.document.Document;
import io.backupgen.document.DocumentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product's structural walk agrees with what fabric8 itself reads (Jackson deserialization into
 * the model, {@link JacksonStructureOracle}) on every fixture document of a kind both know: both
 * accept it or both refuse it, and every path Jackson names is one the walk names too (Jackson stops
 * at the first type error, the walk reports them all).
 */
class StructureLayerAgreementTest {

    static List<Document> allFixtureDocuments() throws Exception {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("src/test/resources/validate"))) {
            s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> paths.add(p.toString()));
        }
        List<Document> docs = new ArrayList<>(DocumentReader.read(paths, System.in).documents());
        docs.addAll(DocumentReader.parse("weird.yaml", MalformedDocumentsTest.TEXT).documents());
        return docs;
    }

    @Test
    void walkAndDeserializationAgree() throws Exception {
        int compared = 0;
        int refused = 0;
        for (Document d : allFixtureDocuments()) {
            if (d.body() == null || !d.body().isObject() || !StructureLayer.knows(d.apiVersion(), d.kind())) {
                continue;
            }
            List<String> walk = StructureLayer.check(d.apiVersion(), d.kind(), d.body()).stream()
                    .map(SchemaLayer.Violation::path).toList();
            List<String> jackson = JacksonStructureOracle.check(d.apiVersion(), d.kind(), d.body()).stream()
                    .map(SchemaLayer.Violation::path).toList();
            String what = d.source() + "#" + d.index() + " " + d.displayName();
            assertThat(walk.isEmpty()).as(what + ": walk %s, jackson %s", walk, jackson).isEqualTo(jackson.isEmpty());
            assertThat(walk).as(what).containsAll(jackson);
            compared++;
            refused += walk.isEmpty() ? 0 : 1;
        }
        assertThat(compared).isGreaterThan(40);
        assertThat(refused).isGreaterThan(5);
    }
}
