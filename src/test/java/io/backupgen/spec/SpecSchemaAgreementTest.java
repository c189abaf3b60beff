package io.backupgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backupgen.validate.schema.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The spec check on our schema engine against the networknt check it replaced: every sample, profile,
 * the built-in defaults and a spec setting every embedded Kubernetes shape, each also broken in every
 * way {@link SpecMutations} knows, go through networknt (draft 2020-12, configured as {@code SpecSchema}
 * configured it) and through {@code SpecSchema.check}; the diagnostics users read (file, line, column,
 * path, message, allowed, suggestion, order) must be equal.
 */
class SpecSchemaAgreementTest {
    /** networknt as the spec was checked with it until our engine took over. */
    private static final JsonSchema NETWORKNT = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SpecSchema.get().root(), SchemaValidatorsConfig.builder()
                    .pathType(PathType.JSON_POINTER)
                    .locale(Locale.ENGLISH)
                    .preloadJsonSchema(false)
                    .build());

    @Test
    void ourEngineGivesTheDiagnosticsNetworkntGave() throws IOException {
        SpecSchema schema = SpecSchema.get();
        List<Layer> layers = SpecMutations.layers();
        assertThat(layers).hasSizeGreaterThan(10);
        long cases = 0;
        long diagnostics = 0;
        Set<String> keywords = new TreeSet<>();
        List<String> disagreements = new ArrayList<>();
        for (Layer layer : layers) {
            for (JsonNode variant : SpecMutations.of(layer.tree(), schema)) {
                List<Problem> theirs = networknt(variant);
                theirs.forEach(p -> keywords.add(p.keyword()));
                List<Diagnostic> expected = schema.diagnostics(theirs, layer.file(), layer.positions());
                List<Diagnostic> actual = schema.check(variant, layer.file(), layer.positions());
                cases++;
                diagnostics += expected.size();
                if (!expected.equals(actual) && disagreements.size() < 10) {
                    disagreements.add(layer.file() + "\n  spec: " + variant + "\n  networknt: " + expected
                            + "\n  ours:      " + actual);
                }
            }
        }
        System.out.printf("spec schema agreement: %d layers, %d cases, %d diagnostics compared, keywords %s%n",
                layers.size(), cases, diagnostics, keywords);
        assertThat(disagreements).as("specs our engine and networknt judge differently").isEmpty();
        // the mutations must reach every keyword the spec schema checks, or the comparison proves little
        assertThat(keywords).contains("type", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength",
                "additionalProperties", "propertyNames", "required", "uniqueItems", "oneOf");
        assertThat(diagnostics).isGreaterThan(cases);
    }

    /** networknt's messages as the spec check read them: keyword, field, location, value, its words without the location. */
    private static List<Problem> networknt(JsonNode tree) {
        List<Problem> out = new ArrayList<>();
        for (ValidationMessage m : NETWORKNT.validate(tree)) {
            String at = m.getInstanceLocation().toString();
            String message = m.getMessage();
            String words = message.startsWith(at + ": ") ? message.substring(at.length() + 2) : message;
            out.add(new Problem(at, List.of(), m.getType(), m.getProperty(), m.getInstanceNode(), null, words));
        }
        return out;
    }
}
