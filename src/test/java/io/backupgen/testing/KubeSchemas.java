package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Test-side strict check of manifests against ../shared/k8s-schemas (kubeconform's layout), done
 * with the JSON Schema library directly so it does not trust backupgen's own validator.
 */
public final class KubeSchemas {
    public static final List<String> VERSIONS = List.of("v1.31.0", "v1.36.0");
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private KubeSchemas() {
    }

    public static List<JsonNode> documents(String yaml) {
        try {
            YAMLMapper mapper = new YAMLMapper();
            List<JsonNode> docs = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(yaml)) {
                var it = mapper.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode()) {
                        docs.add(n);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Problems of every document in {@code yaml}, as "Kind/name: message"; empty when all are valid. */
    public static List<String> problems(String yaml, String version) {
        List<String> out = new ArrayList<>();
        for (JsonNode doc : documents(yaml)) {
            String kind = doc.path("kind").asText();
            String apiVersion = doc.path("apiVersion").asText();
            String[] gv = apiVersion.split("/");
            String suffix = gv.length == 2 ? "-" + gv[0].split("\\.")[0] + "-" + gv[1] : "-" + gv[0];
            Path schemaFile = Repo.shared().resolve("k8s-schemas").resolve(version + "-standalone-strict")
                    .resolve(kind.toLowerCase(Locale.ROOT) + suffix + ".json");
            if (!Files.isRegularFile(schemaFile) && gv.length == 2) {
                // Custom resources fall through to the CRD schemas, as kubeconform's second location would.
                schemaFile = Repo.shared().resolve("k8s-schemas").resolve("crds").resolve(gv[0])
                        .resolve(kind.toLowerCase(Locale.ROOT) + "_" + gv[1] + ".json");
            }
            if (!Files.isRegularFile(schemaFile)) {
                out.add(kind + "/" + doc.path("metadata").path("name").asText() + ": no schema " + schemaFile);
                continue;
            }
            try {
                // "$schema": "http://json-schema.org/schema#" names no draft; kubeconform reads them as draft 4.
                var schemaNode = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(schemaFile.toFile());
                schemaNode.remove("$schema");
                JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schemaNode);
                Set<ValidationMessage> msgs = schema.validate(JSON.valueToTree(doc));
                for (ValidationMessage m : msgs) {
                    out.add(kind + "/" + doc.path("metadata").path("name").asText() + ": " + m.getMessage());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
