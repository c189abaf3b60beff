package io.backupgen.spec;

import io.backupgen.text.SafeText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a spec as commented YAML, in schema order, with each field's schema description as its
 * comment: what {@code init} produces. Driven by the schema, so it can never fall out of step with it.
 */
public final class SpecWriter {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@-]*");
    private static final List<String> YAML_WORDS = List.of("true", "false", "yes", "no", "on", "off", "null", "y", "n");
    private static final int WIDTH = 100;

    private SpecWriter() {
    }

    /** {@code values} holds what to write; schema fields absent from it are written commented out. */
    public static String write(ObjectNode values, String header) {
        StringBuilder sb = new StringBuilder();
        for (String line : header.split("\n")) {
            sb.append("# ").append(SafeText.visible(line)).append('\n');
        }
        sb.append("# Editor completion: backupgen schema > backupgen.schema.json, then point your editor at it.\n");
        writeObject(sb, SpecSchema.get().root(), values, 0);
        return sb.toString();
    }

    private static void writeObject(StringBuilder sb, JsonNode schema, JsonNode values, int depth) {
        String indent = "  ".repeat(depth);
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode sub = SpecSchema.get().resolve(field.getValue());
            JsonNode value = values == null ? null : values.get(key);
            if (depth == 0) {
                sb.append('\n');
            }
            comment(sb, indent, sub.path("description").asText(""));
            boolean isObject = "object".equals(sub.path("type").asText()) && sub.has("properties");
            if (isObject && value != null && value.isObject()) {
                sb.append(indent).append(key).append(":\n");
                writeObject(sb, sub, value, depth + 1);
            } else if (value != null && value.isObject() && !value.isEmpty()) {
                // a map keyed by user names (environments): write it as it is
                sb.append(indent).append(key).append(":\n");
                writeFree(sb, value, depth + 1);
            } else if (value != null && value.isObject() && !isObject) {
                sb.append(indent).append(key).append(": {}\n"); // an empty map (snapshots.selector)
            } else if (value != null && !value.isObject()) {
                sb.append(indent).append(key).append(": ").append(scalar(value)).append('\n');
            } else {
                sb.append(indent).append("# ").append(key).append(":").append(isObject ? "" : unset(sub)).append('\n');
            }
        }
    }

    /** What an unset field shows: an empty list or map for Kubernetes shapes, "(derived)" for a derived value. */
    private static String unset(JsonNode sub) {
        String type = sub.path("type").asText();
        return type.equals("array") ? " []" : type.equals("object") ? " {}" : " (derived)";
    }

    private static void writeFree(StringBuilder sb, JsonNode values, int depth) {
        String indent = "  ".repeat(depth);
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                sb.append(indent).append(e.getKey()).append(":\n");
                writeFree(sb, e.getValue(), depth + 1);
            } else {
                sb.append(indent).append(e.getKey()).append(": ").append(scalar(e.getValue())).append('\n');
            }
        }
    }

    private static void comment(StringBuilder sb, String indent, String text) {
        if (text.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + indent.length() + 3 > WIDTH && line.length() > 0) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() == 0 ? "" : " ").append(word);
        }
        lines.add(line.toString());
        lines.forEach(l -> sb.append(indent).append("# ").append(l).append('\n'));
    }

    static String scalar(JsonNode v) {
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return v.toString(); // a list (snapshots.pvcs) as flow JSON, which YAML reads as the same list
        }
        String s = v.asText();
        boolean plain = PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(java.util.Locale.ROOT));
        return plain ? s : quote(s);
    }

    private static String quote(String s) {
        return SafeText.yamlQuoted(s);
    }
}
