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
        read(paths, stdin, ignored, new Sequential(visitor));
    }

    /**
     * What reading yields to a caller that parses on several threads: each source in order, then its
     * {@link Part}s in order, cut from the text but not parsed yet.
     */
    public interface Parts {
        void source(String source);

        void part(Part part);
    }

    /**
     * One document of a source as cut from the text (or what kept it from being read), parsed when
     * {@link #read()} runs, on any thread. Its items (none for an empty document, several for a
     * {@code List}) are indexed from 0: the caller numbers them in source order.
     */
    public interface Part {
        /** The bytes it holds, to bound what is kept in flight. */
        int size();

        List<Item> read();
    }

    /** A document, or one that could not be read. */
    public record Item(Document document, DocumentSet.ParseError error) {
        /** The same item numbered {@code index} within its source. */
        public Item at(int index) {
            return document != null ? new Item(document.withIndex(index), null) : new Item(null, error.withIndex(index));
        }
    }

    /**
     * Cuts every named path into parts, in order (a directory's files sorted), without parsing them.
     *
     * @throws UncheckedIOException when a named path does not exist (a usage error: exit code 2)
     */
    public static void read(List<String> paths, InputStream stdin, java.util.function.Predicate<String> ignored,
                            Parts parts) {
        for (String arg : paths) {
            if (!STDIN.equals(arg)) {
                files(Path.of(arg)); // fail before reading anything when a named path does not exist
            }
        }
        for (String arg : paths) {
            if (STDIN.equals(arg)) {
                stream(STDIN, false, stdin, parts);
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
                    parts.source(source);
                    parts.part(done(List.of(new Item(null, new DocumentSet.ParseError(source, 0, 0,
                            "cannot read: " + describe(e))))));
                    continue;
                }
                stream(source, source.endsWith(".json"), in, parts);
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
        stream(source, json, in, new Sequential(visitor));
    }

    private static void stream(String source, boolean json, InputStream in, Parts parts) {
        parts.source(source);
        try (YamlStream docs = json ? YAML.openJson(source, in) : YAML.open(source, in)) {
            for (YamlStream.Pending p = docs.nextPending(); p != null; p = docs.nextPending()) {
                YamlStream.Pending pending = p;
                parts.part(new Part() {
                    @Override
                    public int size() {
                        return pending.size();
                    }

                    @Override
                    public List<Item> read() {
                        return items(source, json, pending.parse());
                    }
                });
            }
        } catch (IOException e) {
            parts.part(done(List.of(new Item(null, new DocumentSet.ParseError(source, 0, 0, "cannot read: " + describe(e))))));
        }
    }

    private static Part done(List<Item> items) {
        return new Part() {
            @Override
            public int size() {
                return 0;
            }

            @Override
            public List<Item> read() {
                return items;
            }
        };
    }

    /** The items of what one part parsed to, indexed from 0. */
    private static List<Item> items(String source, boolean json, List<YamlDocument> parsed) {
        List<Item> out = new ArrayList<>(parsed.size());
        for (YamlDocument d : parsed) {
            if (!d.ok()) {
                out.add(new Item(null, new DocumentSet.ParseError(source, out.size(), d.error().line(), d.error().column(),
                        message(d.error(), json), d.partial())));
            } else {
                add(source, out, d);
            }
        }
        return out;
    }

    /**
     * Hands over a document, or the items of a list (what {@code kubectl get -o yaml} prints; any
     * kind ending in {@code List} with {@code items}, as kubectl flattens it) as documents of their own.
     */
    private static void add(String source, List<Item> out, YamlDocument d) {
        JsonNode node = d.body();
        JsonNode items = node.get("items");
        if (node.isObject() && node.path("kind").asText().endsWith("List") && items != null && items.isArray()) {
            for (int i = 0; i < items.size(); i++) {
                String prefix = Positions.child("/items", i);
                Positions p = d.positions().under(prefix);
                int line = d.positions().findLine(prefix);
                out.add(new Item(new Document(source, out.size(), line > 0 ? line : d.line(), items.get(i), p,
                        i == 0 ? d.warnings() : List.of()), null));
            }
            return;
        }
        out.add(new Item(new Document(source, out.size(), d.line(), node, d.positions(), d.warnings()), null));
    }

    /** Parses each part as it comes and numbers its items in source order: reading on one thread. */
    private static final class Sequential implements Parts {
        private final Visitor visitor;
        private int next;

        Sequential(Visitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public void source(String source) {
            visitor.source(source);
            next = 0;
        }

        @Override
        public void part(Part part) {
            for (Item item : part.read()) {
                Item i = item.at(next++);
                if (i.document() != null) {
                    visitor.document(i.document());
                } else {
                    visitor.error(i.error());
                }
            }
        }
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
