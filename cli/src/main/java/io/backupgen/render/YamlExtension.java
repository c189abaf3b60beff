package io.backupgen.render;

import io.backupgen.text.SafeText;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Map;

/**
 * Filters that keep YAML correct whatever a value holds, so templates never hand-quote:
 * {@code q} writes a double-quoted scalar, {@code block(n)} a literal block indented by n (for a key
 * at column n-2).
 */
final class YamlExtension extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("q", new Quote(), "block", new Block());
    }

    /** A double-quoted scalar; one definition for the whole product ({@link SafeText#yamlQuoted}). */
    static String quote(String s) {
        return SafeText.yamlQuoted(s);
    }

    /** A literal block scalar; the chomping indicator keeps the text's trailing newlines exact. */
    static String block(String text, int indent) {
        String pad = " ".repeat(indent);
        int trailing = 0;
        while (trailing < text.length() && text.charAt(text.length() - 1 - trailing) == '\n') {
            trailing++;
        }
        String chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+";
        String body = text.substring(0, text.length() - trailing);
        // The indicator counts from the parent key's indentation, which sits two columns left of the content.
        String indicator = body.startsWith(" ") || body.startsWith("\n") ? "2" : "";
        StringBuilder sb = new StringBuilder("|").append(indicator).append(chomp);
        for (String line : body.split("\n", -1)) {
            sb.append('\n');
            if (!line.isEmpty()) {
                sb.append(pad).append(line);
            }
        }
        for (int i = 1; i < trailing; i++) {
            sb.append('\n');
        }
        return sb.toString();
    }

    private static final class Quote implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of();
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx,
                            int lineNumber) {
            // Safe: quoted, so exempt from the engine's single-line guard.
            return new SafeString(input == null ? "\"\"" : quote(String.valueOf(input)));
        }
    }

    private static final class Block implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of("indent");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx,
                            int lineNumber) {
            int indent = ((Number) args.get("indent")).intValue();
            return new SafeString(block(String.valueOf(input), indent));
        }
    }
}
