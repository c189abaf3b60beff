package io.backupgen.document;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.yaml.Positions;
import io.backupgen.yaml.YamlDocument;
import io.backupgen.yaml.YamlReader;
import io.backupgen.yaml.YamlStream;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads manifests: files, directories (recursively, {@code *.yaml|*.yml|*.json}, in sorted order)
 * or stdin ({@code -}), one document at a time through {@link YamlReader} (the one YAML reading
 * path: aliases, merge keys, TABs and scalars as kubectl reads them, positions kept). A document or
 * a file that cannot be read is a {@link DocumentSet.ParseError} and reading goes on. The items of
 * a list ({@code kind: List}, {@code RoleList}, ... with {@code items}) are documents of their own,
 * as kubectl and kubeconform take them.
 */
public final class DocumentReader {
    /** "-" names standard input, as in kubeconform and kubectl. */
    public static final String STDIN = "-";

    private static final YamlReader YAML = YamlReader.forManifests();

    private DocumentReader() {
    }

    /** Receives what is read, in order: each source, then its documents and errors. */
    public interface Visitor {
        default void source(String source) {
        }

        void document(Document document);

        void error(DocumentSet.ParseError error);
    }

    /**
     * Reads every named path; {@code -} reads {@code stdin}.
     *
     * @throws UncheckedIOException when a named path does not exist (a usage error: exit code 2)
     */
    public static DocumentSet read(List<String> paths, InputStream stdin) {
        return read(paths, stdin, p -> false);
    }

    /**
     * As {@link #read(List, InputStream)}, leaving out files whose path {@code ignored} accepts
     * (kubeconform's {@code -ignore-filename-pattern}).
     */
    public static DocumentSet read(List<String> paths, InputStream stdin, java.util.function.Predicate<String> ignored) {
        Collector c = new Collector();
        read(paths, stdin, ignored, c);
        return c.set();
    }

    /** Streams every named path to {@code visitor}, one document in memory at a time. */
    public static void read(List<String> paths, InputStream stdin, java.util.function.Predicate<String> ignored,
                            Visitor visitor) {
        for (String arg : paths) {
            if (!STDIN.equals(arg)) {
                files(Path.of(arg)); // fail before reading anything when a named path does not exist
            }
        }
        for (String arg : paths) {
            if (STDIN.equals(arg)) {
                stream(STDIN, false, stdin, visitor);
                continue;
            }
            for (Path file : files(Path.of(arg))) {
                String source = file.toString();
                if (ignored.test(source)) {
                    continue;
                }
                InputStream in;
                try {
                    in = Files.newInputStream(file);
                } catch (IOException e) {
                    visitor.source(source);
                    visitor.error(new DocumentSet.ParseError(source, 0, 0, "cannot read: " + describe(e)));
                    continue;
                }
                stream(source, source.endsWith(".json"), in, visitor);
            }
        }
    }

    /** Parses YAML (or JSON, which is YAML) text, e.g. what the render pipeline produced. */
    public static DocumentSet parse(String source, String text) {
        Collector c = new Collector();
        stream(source, false, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), c);
        return c.set();
    }

    /**
     * Parses a rendered tree, file name -> text, in sorted file order: what the render pipeline
     * validates before it writes anything, so references resolve across its files.
     */
    public static DocumentSet parse(Map<String, String> files) {
        Collector c = new Collector();
        new TreeMap<>(files).forEach((name, text) -> stream(name, name.endsWith(".json"),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), c));
        return c.set();
    }

    /** The manifest files under a path: the file itself, or a directory's files in sorted order. */
    static List<Path> files(Path path) {
        if (!Files.exists(path)) {
            throw new UncheckedIOException("no such file or directory: " + path, new FileNotFoundException(path.toString()));
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
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("listing " + path + ": " + e.getMessage(),
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private static void stream(String source, boolean json, InputStream in, Visitor visitor) {
        visitor.source(source);
        int index = 0;
        try (YamlStream docs = json ? YAML.openJson(source, in) : YAML.open(source, in)) {
            while (docs.hasNext()) {
                YamlDocument d = docs.next();
                if (!d.ok()) {
                    visitor.error(new DocumentSet.ParseError(source, index++, d.error().line(), d.error().column(),
                            message(d.error(), json), d.partial()));
                    continue;
                }
                index += add(source, index, d, visitor);
            }
        } catch (IOException e) {
            visitor.error(new DocumentSet.ParseError(source, index, 0, "cannot read: " + describe(e)));
        }
    }

    /**
     * Hands over a document, or the items of a list (what {@code kubectl get -o yaml} prints; any
     * kind ending in {@code List} with {@code items}, as kubectl flattens it) as documents of their
     * own; returns how many indexes it used.
     */
    private static int add(String source, int index, YamlDocument d, Visitor visitor) {
        JsonNode node = d.body();
        JsonNode items = node.get("items");
        if (node.isObject() && node.path("kind").asText().endsWith("List") && items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                String prefix = Positions.child("/items", i);
                Positions p = d.positions().under(prefix);
                int line = d.positions().value(prefix).map(io.backupgen.yaml.Position::line).orElse(d.line());
                visitor.document(new Document(source, index + i, line, items.get(i), p, i == 0 ? d.warnings() : List.of()));
            }
            return items.size();
        }
        visitor.document(new Document(source, index, d.line(), node, d.positions(), d.warnings()));
        return 1;
    }

    /** The reader's words, prefixed with what failed when that is not already said. */
    private static String message(io.backupgen.yaml.YamlError e, boolean json) {
        return switch (e.kind()) {
            case SYNTAX -> e.message().startsWith("not valid") ? e.message() : "not valid " + (json ? "JSON" : "YAML")
                    + ": " + e.message();
            default -> e.message();
        };
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Collects a whole {@link DocumentSet} (for callers that need the set, e.g. cross-document references). */
    private static final class Collector implements Visitor {
        final List<Document> docs = new ArrayList<>();
        final List<DocumentSet.ParseError> errors = new ArrayList<>();
        final java.util.Set<String> sources = new java.util.LinkedHashSet<>();

        @Override
        public void source(String source) {
            sources.add(source);
        }

        @Override
        public void document(Document document) {
            docs.add(document);
        }

        @Override
        public void error(DocumentSet.ParseError error) {
            errors.add(error);
        }

        DocumentSet set() {
            return new DocumentSet(docs, errors, new ArrayList<>(sources));
        }
    }
}
