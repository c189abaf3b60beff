package io.backupgen.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads manifests: files, directories (recursively, {@code *.yaml|*.yml|*.json}, in sorted order)
 * or stdin ({@code -}). Multi-document YAML is split at {@code ---} lines so that each document
 * keeps its starting line and a broken document does not hide the ones after it. Empty documents
 * (only comments, or nothing) are skipped.
 */
public final class DocumentReader {
    /** "-" names standard input, as in kubeconform and kubectl. */
    public static final String STDIN = "-";

    private static final Pattern DOC_START = Pattern.compile("^---(\\s.*)?$");
    private static final Pattern DOC_END = Pattern.compile("^\\.\\.\\.\\s*$");
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private DocumentReader() {
    }

    /**
     * Reads every named path; {@code -} reads {@code stdin}.
     *
     * @throws UncheckedIOException when a path does not exist or cannot be read (an input error,
     *                              not a finding: the caller maps it to exit code 2)
     */
    public static DocumentSet read(List<String> paths, InputStream stdin) {
        List<Document> docs = new ArrayList<>();
        List<DocumentSet.ParseError> errors = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, Integer>> lines = new java.util.HashMap<>();
        for (String arg : paths) {
            if (STDIN.equals(arg)) {
                try {
                    String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                    collect(STDIN, text, false, docs, errors, sources, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading stdin: " + e.getMessage(), e);
                }
                continue;
            }
            for (Path file : files(Path.of(arg))) {
                try {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    collect(file.toString(), text, file.toString().endsWith(".json"), docs, errors, sources, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return new DocumentSet(docs, errors, sources, lines);
    }

    /** Parses YAML (or JSON, which is YAML) text, e.g. what the render pipeline produced. */
    public static DocumentSet parse(String source, String text) {
        List<Document> docs = new ArrayList<>();
        List<DocumentSet.ParseError> errors = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, Integer>> lines = new java.util.HashMap<>();
        collect(source, text, false, docs, errors, sources, lines);
        return new DocumentSet(docs, errors, sources, lines);
    }

    /**
     * Parses a rendered tree, file name -> text, in sorted file order: what the render pipeline
     * validates before it writes anything, so references resolve across its files.
     */
    public static DocumentSet parse(java.util.Map<String, String> files) {
        List<Document> docs = new ArrayList<>();
        List<DocumentSet.ParseError> errors = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        java.util.Map<String, java.util.Map<String, Integer>> lines = new java.util.HashMap<>();
        new java.util.TreeMap<>(files).forEach((name, text) ->
                collect(name, text, name.endsWith(".json"), docs, errors, sources, lines));
        return new DocumentSet(docs, errors, sources, lines);
    }

    /** The manifest files under a path: the file itself, or a directory's files in sorted order. */
    static List<Path> files(Path path) {
        if (!Files.exists(path)) {
            throw new UncheckedIOException("no such file or directory: " + path,
                    new java.io.FileNotFoundException(path.toString()));
        }
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + path + ": " + e.getMessage(), e);
        }
    }

    private static void collect(String source, String text, boolean json, List<Document> docs,
                                List<DocumentSet.ParseError> errors, List<String> sources,
                                java.util.Map<String, java.util.Map<String, Integer>> lines) {
        sources.add(source);
        if (json) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node != null && !node.isMissingNode() && !node.isNull()) {
                    String[] all = text.split("\r?\n", -1);
                    add(source, 0, Math.max(1, firstContentLine(all, 0, all.length)), node, fieldLines(JSON, text, 0),
                            docs, lines);
                }
            } catch (JsonProcessingException e) {
                errors.add(new DocumentSet.ParseError(source, 0, lineOf(e, 1), message(e)));
            }
            return;
        }
        String[] all = text.split("\r?\n", -1);
        int index = 0;
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            boolean boundary = i == all.length || (i > start && DOC_START.matcher(all[i]).matches())
                    || (i < all.length && DOC_END.matcher(all[i]).matches());
            if (!boundary) {
                continue;
            }
            int end = i;
            index += parseChunk(source, all, start, end, index, docs, errors, lines);
            // A "..." line ends a document and is not part of the next one.
            start = i < all.length && DOC_END.matcher(all[i]).matches() ? i + 1 : i;
        }
    }

    /** Parses lines [from, to) as one document; returns how many document indexes it used (a broken one counts). */
    private static int parseChunk(String source, String[] lines, int from, int to, int index,
                                      List<Document> docs, List<DocumentSet.ParseError> errors,
                                      java.util.Map<String, java.util.Map<String, Integer>> fieldLines) {
        int first = firstContentLine(lines, from, to);
        if (first == 0) {
            return 0;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            sb.append(lines[i]).append('\n');
        }
        try {
            JsonNode node = YAML.readTree(sb.toString());
            if (node == null || node.isMissingNode() || node.isNull()) {
                return 0;
            }
            return add(source, index, first, node, fieldLines(YAML, sb.toString(), from), docs, fieldLines);
        } catch (JsonProcessingException e) {
            errors.add(new DocumentSet.ParseError(source, index, lineOf(e, 1) + from, message(e)));
            return 1;
        }
    }

    /**
     * Adds a document, or the items of a {@code v1 List} (what {@code kubectl get -o yaml} prints,
     * expanded as kubeconform does) as documents of their own; returns how many indexes it used.
     */
    private static int add(String source, int index, int line, JsonNode node, java.util.Map<String, Integer> lines,
                           List<Document> docs, java.util.Map<String, java.util.Map<String, Integer>> allLines) {
        JsonNode items = node.get("items");
        if (node.isObject() && "v1".equals(node.path("apiVersion").asText()) && node.path("kind").asText().endsWith("List")
                && items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                String prefix = "items[" + i + "]";
                java.util.Map<String, Integer> itemLines = new java.util.HashMap<>();
                lines.forEach((path, l) -> {
                    if (path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) {
                        itemLines.put(path.substring(prefix.length() + (path.charAt(prefix.length()) == '.' ? 1 : 0)), l);
                    }
                });
                Document d = new Document(source, index + i, lines.getOrDefault(prefix, line), items.get(i));
                docs.add(d);
                allLines.put(DocumentSet.key(d), itemLines);
            }
            return items.size();
        }
        Document d = new Document(source, index, line, node);
        docs.add(d);
        allLines.put(DocumentSet.key(d), lines);
        return 1;
    }

    /**
     * Field path -> 1-based line, from a second, streaming pass over a document that already parsed.
     * Paths are the ones findings use ({@link FieldPath}).
     */
    private static java.util.Map<String, Integer> fieldLines(ObjectMapper mapper, String text, int lineOffset) {
        java.util.Map<String, Integer> out = new java.util.HashMap<>();
        try (JsonParser p = mapper.createParser(text)) {
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t.isStructEnd()) {
                    continue;
                }
                com.fasterxml.jackson.core.JsonStreamContext ctx = p.getParsingContext();
                if (t.isStructStart()) {
                    ctx = ctx.getParent();
                }
                String path = pathOf(ctx);
                if (!path.isEmpty()) {
                    out.putIfAbsent(path, p.currentTokenLocation().getLineNr() + lineOffset);
                }
            }
        } catch (IOException e) {
            // Already parsed once; a failure here only costs precise lines.
        }
        return out;
    }

    private static String pathOf(com.fasterxml.jackson.core.JsonStreamContext ctx) {
        List<Object> elements = new ArrayList<>();
        for (com.fasterxml.jackson.core.JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                elements.add(Math.max(0, c.getCurrentIndex()));
            } else if (c.getCurrentName() != null) {
                elements.add(c.getCurrentName());
            }
        }
        java.util.Collections.reverse(elements);
        return FieldPath.of(elements);
    }

    /** 1-based line of the first line that is neither blank, a comment nor "---"; 0 if none. */
    private static int firstContentLine(String[] lines, int from, int to) {
        int end = Math.min(to, lines.length);
        for (int i = from; i < end; i++) {
            String t = lines[i].strip();
            if (t.isEmpty() || t.startsWith("#") || t.equals("---") || t.startsWith("%")) {
                continue;
            }
            return i + 1;
        }
        return 0;
    }

    private static int lineOf(JsonProcessingException e, int fallback) {
        JsonLocation loc = e.getLocation();
        return loc == null || loc.getLineNr() <= 0 ? fallback : loc.getLineNr();
    }

    private static String message(JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblem() != null) {
            // SnakeYAML's own message repeats chunk-relative positions and a caret drawing; keep the words.
            return (y.getContext() != null ? y.getContext().strip() + ": " : "") + y.getProblem().strip();
        }
        String m = e.getOriginalMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\s+", " ").strip();
    }
}
