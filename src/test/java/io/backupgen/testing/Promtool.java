package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.backupgen.model.BackupModel;
import io.backupgen.render.KustomizeRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Prometheus' own rule checker and unit-test runner (Debian package {@code prometheus}), driven for real. */
public final class Promtool {
    private static final YAMLMapper YAML = new YAMLMapper();

    private Promtool() {
    }

    public static Path binary() {
        return Tools.require("promtool", "prometheus");
    }

    /**
     * The rule groups of the model's PrometheusRule (its {@code spec}, which is a Prometheus rule file),
     * as rendered by the kustomize template; empty when the model renders none.
     */
    public static Optional<ObjectNode> ruleFile(BackupModel model) {
        return KustomizeRenderer.objects(model).stream()
                .filter(o -> o.path("kind").asText().equals("PrometheusRule"))
                .map(o -> (ObjectNode) o.get("spec").deepCopy())
                .findFirst();
    }

    public static Path write(Path file, JsonNode content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            YAML.writeValue(file.toFile(), content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code promtool check rules FILE}. */
    public static Tools.Result checkRules(Path rules) {
        return Tools.run(rules.toAbsolutePath().getParent(), binary().toString(), "check", "rules", rules.toString());
    }

    /** {@code promtool test rules FILE}; the test file names its rule files relative to its folder. */
    public static Tools.Result testRules(Path tests) {
        return Tools.run(tests.toAbsolutePath().getParent(), binary().toString(), "test", "rules", tests.toString());
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
