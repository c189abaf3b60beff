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
 * at column n-2), {@code yaml(n)} a map or list (Kubernetes shapes such as tolerations) as block YAML
 * on the following lines indented by n, {@code yamlItem(n)} a map as one list item ({@code - key: ...})
 * whose further lines are indented by n, {@code dedent(n)} moves rendered YAML n columns left (one
 * layout, two nestings: a CronJob's jobTemplate.spec is a Job's spec).
 */
final class YamlExtension extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
        return Map.of("q", new Quote(), "block", new Block(), "yaml", new Structure(false),
                "yamlItem", new Structure(true), "dedent", new Dedent());
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

    /**
     * Block YAML of a structured value, written as {@link Manifests#write} writes every object (so an
     * overlay's patch and the base quote alike), each line indented by {@code indent}. As an item: the
     * first line follows the "- " the filter writes, the others are indented by {@code indent}.
     */
    static String structure(Object value, int indent, boolean item) {
        String text = Manifests.write(Manifests.YAML.valueToTree(value));
        String pad = " ".repeat(indent);
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n");
        // A root list comes indented ("  - a"): take the common indentation off, the caller's pad sets it.
        int common = Integer.MAX_VALUE;
        for (String line : lines) {
            if (!line.isBlank()) {
                common = Math.min(common, line.length() - line.stripLeading().length());
            }
        }
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lines[i].isBlank() ? lines[i] : lines[i].substring(common);
        }
        for (int i = 0; i < lines.length; i++) {
            if (item && i == 0) {
                sb.append("- ").append(lines[i]);
            } else {
                sb.append('\n').append(pad).append(lines[i]);
            }
        }
        return sb.toString();
    }

    private static final class Structure implements Filter {
        private final boolean item;

        Structure(boolean item) {
            this.item = item;
        }

        @Override
        public List<String> getArgumentNames() {
            return List.of("indent");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx,
                            int lineNumber) {
            // Safe: written by the YAML mapper, which quotes every scalar that needs it.
            return new SafeString(structure(input, ((Number) args.get("indent")).intValue(), item));
        }
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

    /** Removes exactly {@code n} leading spaces from every non-empty line; a line with fewer is a template bug. */
    static String dedent(String text, int n) {
        String pad = " ".repeat(n);
        StringBuilder sb = new StringBuilder(text.length());
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isEmpty()) {
                if (!line.startsWith(pad)) {
                    throw new IllegalStateException("dedent(" + n + "): line is indented less: '" + line + "'");
                }
                line = line.substring(n);
            }
            sb.append(line);
            if (i < lines.length - 1) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static final class Dedent implements Filter {
        @Override
        public List<String> getArgumentNames() {
            return List.of("n");
        }

        @Override
        public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext ctx,
                            int lineNumber) {
            return new SafeString(dedent(String.valueOf(input), ((Number) args.get("n")).intValue()));
        }
    }
}
