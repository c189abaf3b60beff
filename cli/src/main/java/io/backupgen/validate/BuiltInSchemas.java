package io.backupgen.validate;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The schemas carried in the jar (made by {@code bin/gen-schemas} from the strict Kubernetes
 * schemas, one gzip'd JSON object per version, plus the CRDs backupgen emits): every built-in kind
 * of each carried version, offline. The non-strict schemas are the strict ones without
 * {@code additionalProperties: false}.
 *
 * <p>A pack is written one gzip member per schema, with an index of the members beside it
 * ({@code <pack>.idx}: name, offset, length): a run inflates and parses only the kinds it validates,
 * each once per JVM, not the whole megabyte of a version's ~90 kinds (which was ~30 ms and 11 MB of
 * a full {@code render --check}). Read whole, the file is still the one JSON object.
 */
public final class BuiltInSchemas implements SchemaRegistry {
    static final String DIR = "/io/backupgen/schemas/";
    private static final List<String> VERSIONS = readVersions();
    private static final Map<String, Optional<Pack>> PACKS = new ConcurrentHashMap<>();
    private static final Map<String, Optional<JsonNode>> SCHEMAS = new ConcurrentHashMap<>();

    public static final BuiltInSchemas INSTANCE = new BuiltInSchemas();

    private BuiltInSchemas() {
    }

    /** The carried Kubernetes versions, oldest first ("1.29.0", ...). */
    public static List<String> versions() {
        return VERSIONS;
    }

    public static String newest() {
        return VERSIONS.get(VERSIONS.size() - 1);
    }

    /** The carried version that serves {@code version}: same minor (1.31.4 -> 1.31.0), "master" -> the newest. */
    public static Optional<String> carried(String version) {
        if (version.equals("master")) {
            return Optional.of(newest());
        }
        String[] p = version.split("\\.");
        return VERSIONS.stream().filter(v -> v.split("\\.")[1].equals(p.length > 1 ? p[1] : "")).findFirst();
    }

    @Override
    public String location() {
        return ValidatorOptions.BUILTIN_LOCATION;
    }

    @Override
    public Optional<JsonNode> load(String kind, String apiVersion, String kubernetesVersion, boolean strict) {
        String[] gv = apiVersion.split("/", -1);
        Optional<String> version = carried(kubernetesVersion);
        JsonNode schema = null;
        if (version.isPresent()) {
            String suffix = gv.length > 1 ? "-" + gv[0].split("\\.")[0] + "-" + gv[1] : "-" + gv[0];
            JsonNode s = entry("v" + version.get(), kind.toLowerCase(Locale.ROOT) + suffix + ".json");
            // the file name keeps only the group's first label: check the group too
            if (s != null && allows(s.path("properties").path("apiVersion").path("enum"), apiVersion)) {
                schema = s;
            }
        }
        if (schema == null && gv.length == 2) {
            schema = entry("crds", gv[0] + "/" + kind.toLowerCase(Locale.ROOT) + "_" + gv[1] + ".json");
        }
        if (schema == null) {
            return Optional.empty();
        }
        return Optional.of(strict ? schema : SchemaRegistry.open(schema.deepCopy()));
    }

    /** Whether the enum {@code values} lists {@code value} (not via toString: that builds an ObjectMapper). */
    private static boolean allows(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.isTextual() && v.textValue().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** One schema of a pack ("v1.36.0", "crds") by its file name, or null; parsed once per JVM and shared (read only). */
    static JsonNode entry(String pack, String name) {
        return SCHEMAS.computeIfAbsent(pack + "/" + name, k -> pack(pack).flatMap(p -> p.schema(name))).orElse(null);
    }

    /** A pack's gzip'd bytes and its index, or empty when the jar carries no such pack. */
    private record Pack(String name, byte[] gz, Map<String, int[]> members) {
        Optional<JsonNode> schema(String file) {
            int[] m = members.get(file);
            if (m == null) {
                return Optional.empty();
            }
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz, m[0], m[1]))) {
                byte[] text = in.readAllBytes();
                // the member is '{"<file>":<schema>' (the first), ',"<file>":<schema>', or either plus '}' (the last)
                byte[] key = quoted(file);
                int start = 1 + key.length + 1;
                if (text.length <= start || (text[0] != '{' && text[0] != ',') || text[start - 1] != ':'
                        || !Arrays.equals(text, 1, start - 1, key, 0, key.length)) {
                    throw new IOException("member " + file + " does not hold that schema");
                }
                return Optional.of(JsonTrees.read(text, start, text.length - start));
            } catch (IOException e) {
                throw broken(name, e);
            }
        }
    }

    /** {@code name} as a JSON string, quotes included, in UTF-8. */
    private static byte[] quoted(String name) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(name);
        byte[] out = new byte[inner.length + 2];
        out[0] = '"';
        System.arraycopy(inner, 0, out, 1, inner.length);
        out[out.length - 1] = '"';
        return out;
    }

    private static Optional<Pack> pack(String name) {
        return PACKS.computeIfAbsent(name, n -> {
            try (InputStream gz = BuiltInSchemas.class.getResourceAsStream(DIR + n + ".json.gz");
                 InputStream idx = BuiltInSchemas.class.getResourceAsStream(DIR + n + ".idx")) {
                if (gz == null) {
                    return Optional.empty();
                }
                if (idx == null) {
                    throw new IOException("no index " + n + ".idx beside it");
                }
                byte[] bytes = gz.readAllBytes();
                Map<String, int[]> members = new HashMap<>();
                for (String line : new String(idx.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (line.isEmpty()) {
                        continue; // after the final newline
                    }
                    String[] f = line.split("\t");
                    if (f.length != 3) {
                        throw new IOException("index line is not name, offset, length: " + line);
                    }
                    int offset = Integer.parseInt(f[1]);
                    int length = Integer.parseInt(f[2]);
                    if (offset < 0 || length <= 0 || offset + length > bytes.length) {
                        throw new IOException("index entry out of the file: " + line);
                    }
                    members.put(f[0], new int[] {offset, length});
                }
                return Optional.of(new Pack(n, bytes, members));
            } catch (IOException | NumberFormatException e) {
                throw broken(n, e);
            }
        });
    }

    private static UncheckedIOException broken(String pack, Exception e) {
        return new UncheckedIOException("the built-in schemas " + pack + " are unreadable (a broken jar?): " + e,
                e instanceof IOException io ? io : new IOException(e));
    }

    private static List<String> readVersions() {
        try (InputStream in = BuiltInSchemas.class.getResourceAsStream(DIR + "versions.txt")) {
            if (in == null) {
                throw new IllegalStateException("the jar carries no schemas (missing " + DIR + "versions.txt)");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.startsWith("v") ? l.substring(1) : l)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
