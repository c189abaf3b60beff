package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Best-effort {@code apiVersion}, {@code kind} and {@code metadata.name}/{@code namespace} of a
 * document that could not be read, so its error can say {@code CronJob/nightly} rather than
 * "a document".
 */
final class Identity {
    private static final Pattern TOP = Pattern.compile("^(apiVersion|kind):[ \\t]*[\"']?([A-Za-z0-9][-A-Za-z0-9_./]*)[\"']?[ \\t]*(#.*)?$");
    private static final Pattern META_FIELD = Pattern.compile("^[ \\t]+(name|namespace):[ \\t]*[\"']?([A-Za-z0-9][-A-Za-z0-9_.:]*)[\"']?[ \\t]*(#.*)?$");

    private Identity() {
    }

    /** From the text, line by line: top-level apiVersion/kind, and name/namespace indented under a top-level metadata. */
    static JsonNode scan(String text) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean inMetadata = false;
        int metaIndent = -1;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            boolean top = !Character.isWhitespace(line.charAt(0));
            if (top) {
                inMetadata = line.startsWith("metadata:");
                metaIndent = -1;
                Matcher m = TOP.matcher(line);
                if (m.find()) {
                    out.put(m.group(1), m.group(2));
                }
                continue;
            }
            if (inMetadata) {
                int indent = line.length() - line.stripLeading().length();
                if (metaIndent < 0) {
                    metaIndent = indent;
                }
                Matcher m = META_FIELD.matcher(line);
                if (indent == metaIndent && m.find()) {
                    ObjectNode meta = out.has("metadata") ? (ObjectNode) out.get("metadata") : out.putObject("metadata");
                    meta.put(m.group(1), m.group(2));
                }
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** From a composed root node whose conversion failed. */
    static JsonNode of(Node root) {
        if (!(root instanceof MappingNode m)) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                continue;
            }
            if ((k.getValue().equals("apiVersion") || k.getValue().equals("kind")) && t.getValueNode() instanceof ScalarNode v) {
                out.put(k.getValue(), v.getValue());
            } else if (k.getValue().equals("metadata") && t.getValueNode() instanceof MappingNode meta) {
                for (NodeTuple mt : meta.getValue()) {
                    if (mt.getKeyNode() instanceof ScalarNode mk && mt.getValueNode() instanceof ScalarNode mv
                            && (mk.getValue().equals("name") || mk.getValue().equals("namespace"))) {
                        (out.has("metadata") ? (ObjectNode) out.get("metadata") : out.putObject("metadata"))
                                .put(mk.getValue(), mv.getValue());
                    }
                }
            }
        }
        return out.isEmpty() ? null : out;
    }
}
