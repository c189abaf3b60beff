package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

/**
 * The schemas carried in the jar (made by {@code bin/gen-schemas} from the strict Kubernetes
 * schemas, one gzip'd JSON object per version, plus the CRDs backupgen emits): every built-in kind
 * of each carried version, offline. A version's file is read on first use, once per JVM; the
 * non-strict schemas are the strict ones without {@code additionalProperties: false}.
 */
public final class BuiltInSchemas implements SchemaRegistry {
    static final String DIR = "/io/backupgen/schemas/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> VERSIONS = readVersions();
    private static final Map<String, JsonNode> PACKS = new ConcurrentHashMap<>();

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
            JsonNode s = pack("v" + version.get()).get(kind.toLowerCase(Locale.ROOT) + suffix + ".json");
            // the file name keeps only the group's first label: check the group too
            if (s != null && s.at("/properties/apiVersion/enum").toString().contains("\"" + apiVersion + "\"")) {
                schema = s;
            }
        }
        if (schema == null && gv.length == 2) {
            schema = pack("crds").get(gv[0] + "/" + kind.toLowerCase(Locale.ROOT) + "_" + gv[1] + ".json");
        }
        if (schema == null) {
            return Optional.empty();
        }
        return Optional.of(strict ? schema : SchemaRegistry.open(schema.deepCopy()));
    }

    private static JsonNode pack(String name) {
        return PACKS.computeIfAbsent(name, n -> {
            try (InputStream in = BuiltInSchemas.class.getResourceAsStream(DIR + n + ".json.gz")) {
                if (in == null) {
                    return JSON.createObjectNode();
                }
                return JSON.readTree(new GZIPInputStream(in));
            } catch (IOException e) {
                throw new UncheckedIOException("the built-in schemas " + n + " are unreadable (a broken jar?): " + e, e);
            }
        });
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

    static ObjectNode emptyObject() {
        return JSON.createObjectNode();
    }
}
