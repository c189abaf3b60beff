package io.backupgen.yaml;

import java.io.StringReader;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * SnakeYAML's composer (nodes with marks, anchors resolved to their nodes), set up to behave as
 * go-yaml where they differ:
 * <ul>
 *   <li>scalars are not resolved here (plain ones get {@link NodeConverter#IMPLICIT}), so YAML 1.1
 *       rules are applied once, Kubernetes' way, by {@link Scalars};</li>
 *   <li>a TAB between tokens that go-yaml skips (after a value, before a comment, inside flow
 *       collections) is read as a space, where SnakeYAML alone refuses it;</li>
 *   <li>the stream reader gets a buffer as large as the text: its default 1 KiB window is copied on
 *       every refill, which makes one long line quadratic (16 MB: 76 s instead of 0.2 s).</li>
 * </ul>
 */
final class SnakeYaml {
    /** Enough for trailing TABs on every line of any real document; bounds the re-parses of a hostile one. */
    private static final int MAX_TAB_RETRIES = 2000;
    private static final Field BUFFER = bufferField();

    private SnakeYaml() {
    }

    /** The documents of {@code text} (null entries for empty ones), or the syntax error. */
    static List<Node> compose(String text, YamlLimits limits) throws MarkedYAMLException {
        String current = text;
        for (int attempt = 0; ; attempt++) {
            try {
                return composeOnce(current, limits);
            } catch (ScannerException e) {
                String fixed = attempt < MAX_TAB_RETRIES ? tabAsSpace(current, e) : null;
                if (fixed == null) {
                    throw e;
                }
                current = fixed;
            }
        }
    }

    private static List<Node> composeOnce(String text, YamlLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported by NodeConverter, with both lines
        options.setMaxAliasesForCollections(Integer.MAX_VALUE); // bounded by NodeConverter as go-yaml does
        options.setNestingDepthLimit(limits.maxDepth());
        options.setCodePointLimit(Integer.MAX_VALUE); // the reader bounded the bytes already
        options.setProcessComments(false);
        StreamReader reader = new StreamReader(new StringReader(text));
        widen(reader, text.length());
        Composer composer = new Composer(new ParserImpl(reader, options), new Unresolved(), options);
        List<Node> docs = new ArrayList<>();
        while (composer.checkNode()) {
            docs.add(composer.getNode());
        }
        return docs;
    }

    /**
     * When the scanner stopped at a TAB that go-yaml would skip, the same text with that run of
     * blanks as spaces; null when go-yaml refuses that TAB too (indentation, or right after a block
     * indicator {@code -} or {@code ?}).
     */
    static String tabAsSpace(String text, ScannerException e) {
        Mark m = e.getProblemMark();
        if (m == null || e.getProblem() == null || !e.getProblem().contains("\\t(TAB)")) {
            return null;
        }
        int lineStart = 0;
        for (int l = 0; l < m.getLine(); l++) {
            lineStart = text.indexOf('\n', lineStart) + 1;
            if (lineStart == 0) {
                return null;
            }
        }
        int at = text.offsetByCodePoints(lineStart, m.getColumn());
        if (at >= text.length() || text.charAt(at) != '\t') {
            return null;
        }
        int before = at - 1;
        while (before >= lineStart && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
            before--;
        }
        boolean ok;
        if (before < lineStart) {
            ok = inFlowAfterPreviousLine(text, lineStart);
        } else {
            char p = text.charAt(before);
            // go-yaml takes "key:<TAB>value" but not "-<TAB>item" or "?<TAB>key" (checked with kubeconform's go-yaml)
            boolean blockIndicator = (p == '-' || p == '?')
                    && (before == lineStart || text.charAt(before - 1) == ' ' || text.charAt(before - 1) == '\t');
            ok = !blockIndicator || openFlowBefore(text, lineStart, before);
        }
        if (!ok) {
            return null;
        }
        int end = at;
        while (end < text.length() && (text.charAt(end) == ' ' || text.charAt(end) == '\t')) {
            end++;
        }
        return text.substring(0, at) + " ".repeat(end - at) + text.substring(end);
    }

    /** A line starting with TABs continues a flow collection when the previous line ends in [ { or ,. */
    private static boolean inFlowAfterPreviousLine(String text, int lineStart) {
        int i = lineStart - 2;
        while (i >= 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i >= 0 && (text.charAt(i) == '[' || text.charAt(i) == '{' || text.charAt(i) == ',');
    }

    /** A [ or { opened earlier on the line and not closed: TABs are fine inside flow collections. */
    private static boolean openFlowBefore(String text, int lineStart, int before) {
        int open = 0;
        for (int i = lineStart; i <= before; i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '{') {
                open++;
            } else if ((c == ']' || c == '}') && open > 0) {
                open--;
            }
        }
        return open > 0;
    }

    private static void widen(StreamReader reader, int length) {
        if (BUFFER == null) {
            return;
        }
        try {
            BUFFER.set(reader, new char[Math.max(1025, length + 1)]);
        } catch (IllegalAccessException | RuntimeException e) {
            // the default buffer still works, only slower on very long lines
        }
    }

    private static Field bufferField() {
        try {
            Field f = StreamReader.class.getDeclaredField("buffer");
            if (f.getType() != char[].class) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }

    /** Words for a SnakeYAML error: its context and problem, without its snippet and caret drawing. */
    static String message(YAMLException e) {
        if (e instanceof MarkedYAMLException m && m.getProblem() != null) {
            String problem = m.getProblem().strip();
            if (problem.contains("\\t(TAB)")) {
                problem = "a TAB character cannot start a token here (indent with spaces, not TABs)";
            } else if (problem.startsWith("found character '")) {
                problem = problem.replace("that cannot start any token", "that cannot start a value or key");
            }
            String context = m.getContext() == null ? "" : m.getContext().strip();
            return context.isEmpty() ? problem : context + ": " + problem;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.replaceAll("\\s+", " ").strip();
    }

    /** Leaves plain scalars for {@link Scalars}; quoted and block scalars are strings. */
    private static final class Unresolved extends Resolver {
        @Override
        public Tag resolve(NodeId kind, String value, boolean implicit) {
            return switch (kind) {
                case scalar -> implicit ? NodeConverter.IMPLICIT : Tag.STR;
                case sequence -> Tag.SEQ;
                default -> Tag.MAP;
            };
        }
    }
}
