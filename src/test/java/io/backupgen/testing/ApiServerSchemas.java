package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Strict and non-strict JSON schemas of the test API server's own version (1.26), made once per JVM
 * the way the built-in ones are: its OpenAPI v3 documents ({@code /openapi/v3}) converted by
 * {@code bin/gen-schemas openapi}. So {@code validate --kubernetes-version 1.26.0 --schema-location DIR}
 * can be held to that server's verdict.
 */
public final class ApiServerSchemas {
    public static final String VERSION = "1.26.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile Path dir;

    private ApiServerSchemas() {
    }

    /** The folder holding {@code v1.26.0-standalone-strict/} and {@code v1.26.0-standalone/} (kubeconform's layout). */
    public static synchronized Path dir() {
        if (dir != null) {
            return dir;
        }
        KubeApiServer server = KubeApiServer.shared();
        Tools.require("python3", "python3");
        try {
            Path work = Files.createTempDirectory("backupgen-openapi");
            Path openapi = Files.createDirectories(work.resolve("openapi-v3"));
            JsonNode index = JSON.readTree(server.getRaw("/openapi/v3"));
            for (Iterator<Map.Entry<String, JsonNode>> it = index.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = e.getKey();
                if (!path.startsWith("api/") && !path.startsWith("apis/")) {
                    continue; // "api", "apis", version, logs: no kinds
                }
                // the path without its ?hash= (which changes whenever a CRD is installed)
                Files.writeString(openapi.resolve(path.replace('/', '_') + ".json"), server.getRaw("/openapi/v3/" + path));
            }
            Path out = work.resolve("schemas");
            Tools.Result gen = Tools.run(Repo.root(), "python3", Repo.root().resolve("bin/gen-schemas").toString(),
                    "openapi", openapi.toString(), out.toString(), "v" + VERSION);
            if (gen.exitCode() != 0) {
                throw new AssertionError("bin/gen-schemas openapi failed: " + gen.out() + gen.err());
            }
            dir = out;
            return dir;
        } catch (IOException e) {
            throw new AssertionError("cannot write the API server's OpenAPI documents: " + e, e);
        }
    }

    /** {@code --schema-location} for these schemas. */
    public static List<String> args() {
        return List.of("--kubernetes-version", VERSION, "--schema-location", dir().toString());
    }
}
