package io.backupgen.yaml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way backupgen reads YAML, for manifests and specs alike: as kubectl and the API server
 * read it (go-yaml v2 via sigs.k8s.io/yaml) wherever SnakeYAML differs. Aliases are expanded and
 * {@code <<} merge keys merged in order as kubectl does; duplicate keys are errors (or, for manifests,
 * last-wins as kubectl reads them, with a warning); TABs are accepted where go-yaml accepts them; plain scalars resolve with YAML 1.1's rules as Kubernetes does ({@code yes} is true,
 * {@code 0755} is 493); every key and value keeps its line and column ({@link Positions}).
 *
 * <p>Documents are read one at a time ({@link #open}): memory is one document, whatever the size
 * of the stream, and a broken document is returned as an error in its place while the next ones
 * are still read. Input size, document size, scalar size, nesting and alias expansion are bounded
 * ({@link YamlLimits}); non-UTF-8 and binary input are reported as such. Thread-safe: a reader
 * holds only its limits.
 */
public final class YamlReader {
    private final YamlLimits limits;
    private final DuplicateKeys duplicates;
    private final boolean fast;

    /** A reader that refuses duplicate keys. */
    public YamlReader(YamlLimits limits) {
        this(limits, DuplicateKeys.ERROR);
    }

    public YamlReader(YamlLimits limits, DuplicateKeys duplicates) {
        this(limits, duplicates, true);
    }

    private YamlReader(YamlLimits limits, DuplicateKeys duplicates, boolean fast) {
        this.limits = limits;
        this.duplicates = duplicates;
        this.fast = fast;
    }

    /** The same reader without the fast path ({@link BlockYaml}): every document through SnakeYAML (for tests). */
    YamlReader fullOnly() {
        return new YamlReader(limits, duplicates, false);
    }

    /**
     * The reader for Kubernetes manifests: {@link YamlLimits#manifests()}, and a duplicate key is
     * read as kubectl reads it (the last one wins) with a warning on the document.
     */
    public static YamlReader forManifests() {
        return new YamlReader(YamlLimits.manifests(), DuplicateKeys.LAST_WINS);
    }

    public YamlLimits limits() {
        return limits;
    }

    /**
     * Streams the YAML documents of {@code in}; the caller closes the stream (which closes {@code in}).
     *
     * @param source the name documents and errors carry (a path, "-")
     */
    public YamlStream open(String source, InputStream in) {
        return new YamlStream(source, in, limits, duplicates, false, fast);
    }

    /** Streams the JSON values of {@code in} (one or more, as kubectl accepts), with positions. */
    public YamlStream openJson(String source, InputStream in) {
        return new YamlStream(source, in, limits, duplicates, true, fast);
    }

    /** Every document of a YAML text (empty documents left out). */
    public List<YamlDocument> parse(String source, String text) {
        return readAll(open(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    /** Every value of a JSON text. */
    public List<YamlDocument> parseJson(String source, String text) {
        return readAll(openJson(source, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    }

    private static List<YamlDocument> readAll(YamlStream stream) {
        List<YamlDocument> out = new ArrayList<>();
        try (stream) {
            while (stream.hasNext()) {
                out.add(stream.next());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
