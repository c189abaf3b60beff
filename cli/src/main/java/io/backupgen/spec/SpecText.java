package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.text.SafeText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The input side of {@link SafeText}: every string of a spec or profile file, and every key, whatever
 * field it is in (so a field added to the schema later is covered without a line here), must be
 * single-line text. Spec values are pasted into comments, labels, env values and file headers; a line
 * break there would add objects or commands to the rendered manifests.
 */
final class SpecText {
    private SpecText() {
    }

    static List<Diagnostic> check(Layer layer) {
        List<Diagnostic> out = new ArrayList<>();
        walk(layer, layer.tree(), JsonPointer.empty(), out);
        return out;
    }

    private static void walk(Layer layer, JsonNode node, JsonPointer at, List<Diagnostic> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonPointer child = at.appendProperty(e.getKey());
                SafeText.problem(e.getKey()).ifPresent(u -> out.add(keyDiagnostic(layer, child, u)));
                walk(layer, e.getValue(), child, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(layer, node.get(i), at.appendIndex(i), out);
            }
        } else if (node.isBinary() || node.isTextual() && taggedBinary(layer, at)) {
            // YAML decodes !!binary to bytes; no spec field is binary, so it is a mistake or a disguise.
            out.add(layer.diagnostic(at, "a !!binary value is not allowed here", "text",
                    "write the value as plain text, without the !!binary tag"));
        } else if (node.isTextual()) {
            SafeText.problem(node.textValue()).ifPresent(u -> out.add(layer.diagnostic(at,
                    "value \"" + SafeText.visible(abbreviate(node.textValue())) + "\" contains a " + u.describe(),
                    "single-line text without control characters",
                    "remove it: spec values are pasted into comments, labels and scripts, where a " + u.kind()
                            + " would change what is rendered")));
        }
    }

    /** Whether the value at {@code at} is written with a binary tag (the reader gives it as decoded text). */
    private static boolean taggedBinary(Layer layer, JsonPointer at) {
        if (layer.text() == null) {
            return false;
        }
        return layer.positions().value(at.toString()).map(p -> {
            String[] lines = layer.text().split("\n", -1);
            if (p.line() < 1 || p.line() > lines.length) {
                return false;
            }
            String line = lines[p.line() - 1];
            String rest = line.substring(Math.min(Math.max(p.column() - 1, 0), line.length()));
            return rest.startsWith("!!binary") || rest.startsWith("!<tag:yaml.org,2002:binary>");
        }).orElse(false);
    }

    private static Diagnostic keyDiagnostic(Layer layer, JsonPointer key, SafeText.Unsafe u) {
        return layer.diagnostic(key, "the key contains a " + u.describe(), "keys without control characters",
                "rename the key");
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
