package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The documents of one source, read lazily: {@link #next()} parses one more. I/O errors while
 * reading become an error document ({@link YamlError.Kind#IO}) that ends the stream.
 *
 * <p>{@link #nextPending()} splits reading in two for callers that parse on several threads: the
 * stream is cut into documents in order, here, and each {@link Pending} is parsed later, anywhere.
 */
public final class YamlStream implements Iterator<YamlDocument>, Closeable {
    private final String source;
    private final InputStream in;
    private final YamlLimits limits;
    private final DuplicateKeys duplicates;
    private final Chunker chunker;
    private final boolean json;
    private final boolean fast;
    private final ArrayDeque<YamlDocument> ready = new ArrayDeque<>();
    private boolean done;
    private int index;

    /**
     * One document's text cut from the stream (or what kept it from being cut), not parsed yet.
     * {@link #parse()} is thread-safe and gives the documents it holds (none for an empty one, one
     * usually), indexed from 0: the caller numbers them in stream order.
     */
    public interface Pending {
        /** The bytes it holds, for callers that bound what they keep in flight. */
        int size();

        List<YamlDocument> parse();
    }

    YamlStream(String source, InputStream in, YamlLimits limits, DuplicateKeys duplicates, boolean json, boolean fast) {
        this.fast = fast;
        this.source = source;
        this.in = in;
        this.limits = limits;
        this.duplicates = duplicates;
        this.json = json;
        this.chunker = json ? null : new Chunker(in, limits);
    }

    public String source() {
        return source;
    }

    @Override
    public boolean hasNext() {
        fill();
        return !ready.isEmpty();
    }

    @Override
    public YamlDocument next() {
        fill();
        if (ready.isEmpty()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void fill() {
        while (ready.isEmpty() && !done) {
            Pending p = nextPending();
            if (p == null) {
                return;
            }
            for (YamlDocument d : p.parse()) {
                ready.add(new YamlDocument(d.source(), index++, d.line(), d.body(), d.positions(), d.error(), d.partial(),
                        d.warnings()));
            }
        }
    }

    /**
     * The next document cut from the stream, to be parsed by the caller (on any thread); null at the
     * end. A JSON source is read whole here (its values keep their positions through Jackson's parser).
     * Do not mix with {@link #next()}.
     */
    public Pending nextPending() {
        if (done) {
            return null;
        }
        if (json) {
            done = true;
            Docs docs = new Docs();
            JsonValues.read(source, in, limits, duplicates,
                    (body, line, positions, error, warnings) -> docs.add(body, line, positions, error, null, warnings));
            return done(docs.list, 0);
        }
        Chunker.Chunk chunk;
        try {
            chunk = chunker.next();
        } catch (IOException e) {
            done = true;
            Docs docs = new Docs();
            docs.add(null, 0, null, new YamlError(YamlError.Kind.IO, 0, 0, "cannot read: " + describe(e)));
            return done(docs.list, 0);
        }
        if (chunk == null) {
            done = true;
            return null;
        }
        if (chunk.error() != null) {
            Docs docs = new Docs();
            docs.add(null, chunk.error().line(), null, chunk.error());
            return done(docs.list, 0);
        }
        return new Pending() {
            @Override
            public int size() {
                return chunk.length();
            }

            @Override
            public List<YamlDocument> parse() {
                Docs docs = new Docs();
                YamlStream.this.parse(chunk, docs);
                return docs.list;
            }
        };
    }

    private static Pending done(List<YamlDocument> docs, int size) {
        return new Pending() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public List<YamlDocument> parse() {
                return docs;
            }
        };
    }

    /** The documents one parse gives, indexed from 0. */
    private final class Docs {
        final List<YamlDocument> list = new java.util.ArrayList<>(1);

        void add(JsonNode body, int line, Positions positions, YamlError error) {
            add(body, line, positions, error, null, List.of());
        }

        void add(JsonNode body, int line, Positions positions, List<YamlError> warnings) {
            add(body, line, positions, null, null, warnings);
        }

        void add(JsonNode body, int line, Positions positions, YamlError error, JsonNode partial) {
            add(body, line, positions, error, partial, List.of());
        }

        void add(JsonNode body, int line, Positions positions, YamlError error, JsonNode partial,
                 List<YamlError> warnings) {
            list.add(new YamlDocument(source, list.size(), error != null && error.line() > 0 ? error.line() : line, body,
                    positions == null ? Positions.EMPTY : positions, error, partial, warnings));
        }
    }

    private void parse(Chunker.Chunk chunk, Docs docs) {
        char[] chars;
        try {
            chars = decode(chunk);
        } catch (Undecodable e) {
            docs.add(null, e.error.line(), null, e.error,
                    Identity.scan(new String(chunk.bytes(), 0, chunk.length(), StandardCharsets.UTF_8)));
            return;
        }
        int offset = chunk.firstLine() - 1;
        if (fast) {
            BlockYaml.Read read = BlockYaml.read(chars, limits, chunk.lineStarts());
            if (read != null) {
                docs.add(read.body(), read.line() + 1 + offset,
                        Positions.lazy(() -> positions(chars, offset), read.lines(), offset), List.of());
                return;
            }
        }
        String text = new String(chars);
        List<Node> roots;
        try {
            roots = SnakeYaml.compose(text, limits);
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? chunk.firstLine() : mark.getLine() + 1 + offset;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            docs.add(null, line, null, new YamlError(YamlError.Kind.SYNTAX, line, column, SnakeYaml.message(e)),
                    Identity.scan(text));
            return;
        } catch (YAMLException e) {
            boolean deep = String.valueOf(e.getMessage()).contains("Nesting Depth exceeded");
            docs.add(null, chunk.firstLine(), null, new YamlError(deep ? YamlError.Kind.LIMIT : YamlError.Kind.SYNTAX,
                    chunk.firstLine(), 0, deep ? "nested deeper than " + limits.maxDepth() + " levels"
                    : SnakeYaml.message(e)));
            return;
        } catch (StackOverflowError e) {
            docs.add(null, chunk.firstLine(), null, new YamlError(YamlError.Kind.LIMIT, chunk.firstLine(), 0,
                    "nested too deeply to read"));
            return;
        }
        for (Node root : roots) {
            if (root == null) {
                continue;
            }
            NodeConverter converter = new NodeConverter(limits, duplicates, offset);
            Positions positions = new Positions();
            try {
                JsonNode body = converter.convert(root, positions);
                if (body.isNull()) {
                    continue; // an empty document ("---" alone, "~"): nothing to check, as kubectl skips it
                }
                docs.add(body, root.getStartMark().getLine() + 1 + offset, positions, converter.warnings());
            } catch (NodeConverter.Failure f) {
                docs.add(null, f.error.line(), null, f.error, Identity.of(root));
            } catch (StackOverflowError e) {
                docs.add(null, root.getStartMark().getLine() + 1 + offset, null, new YamlError(YamlError.Kind.LIMIT,
                        root.getStartMark().getLine() + 1 + offset, 0, "nested too deeply to read"));
            }
        }
    }

    /**
     * The positions the full reader records for a document the fast path read (the same tree, so the
     * same positions); null if it cannot (it can: the fast path only takes what it reads).
     */
    private Positions positions(char[] chars, int offset) {
        try {
            for (Node root : SnakeYaml.compose(new String(chars), limits)) {
                if (root != null) {
                    Positions positions = new Positions();
                    if (new NodeConverter(limits, duplicates, offset).convert(root, positions).isNull()) {
                        continue; // an empty document before it ("---" alone), as parse() leaves it out
                    }
                    return positions;
                }
            }
        } catch (YAMLException | NodeConverter.Failure | StackOverflowError e) {
            // fall through: no positions, findings carry the document's line
        }
        return null;
    }

    private static final class Undecodable extends Exception {
        private static final long serialVersionUID = 1L;
        final YamlError error;

        Undecodable(YamlError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** Strict UTF-8: an invalid byte is reported with its line and column, never replaced silently. */
    /** One strict decoder per thread, reset per document: making one per document showed in profiles. */
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));

    private static char[] decode(Chunker.Chunk chunk) throws Undecodable {
        if (chunk.chars() != null) {
            return chunk.chars(); // printable ASCII, TABs and line feeds only: the chunker widened them
        }
        CharsetDecoder d = DECODER.get().reset();
        ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes(), 0, chunk.length());
        CharBuffer chars = CharBuffer.allocate(chunk.length());
        CoderResult r = d.decode(bytes, chars, true);
        if (!r.isError()) {
            r = d.flush(chars);
        }
        if (r.isError()) {
            int at = bytes.position();
            int line = chunk.firstLine();
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (chunk.bytes()[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new Undecodable(new YamlError(YamlError.Kind.ENCODING, line, at - lineStart + 1,
                    String.format("not UTF-8: invalid byte 0x%02X; save the file as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)",
                            chunk.bytes()[at] & 0xff)));
        }
        return chars.position() == chars.capacity() ? chars.array() : java.util.Arrays.copyOf(chars.array(), chars.position());
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
