package io.backupgen.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real kubeconform of {@code ../shared/bin} (v0.6.3, static), run on files with the shared
 * schemas, its JSON output read back: the independent validator backupgen's verdicts are compared with.
 */
public final class Kubeconform {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Kubeconform() {
    }

    /** One resource as kubeconform reports it; status without its "status" prefix, lower case (valid, invalid, error, skipped). */
    public record Verdict(String filename, String kind, String name, String version, String status, String msg) {
    }

    public static Path binary() {
        Path bin = Repo.shared().resolve("bin/kubeconform");
        if (!Files.isExecutable(bin)) {
            throw new AssertionError(bin + " is missing or not executable: ../shared/bin/kubeconform is part of the shared"
                    + " test tools (see ../shared/bin/README.md)");
        }
        return bin;
    }

    /**
     * kubeconform -strict -verbose -output json over {@code inputs}, with the shared schemas (built-in
     * kinds for {@code version}, then the CRDs) unless {@code schemaLocations} are given.
     */
    public static List<Verdict> run(String version, List<String> schemaLocations, List<Path> inputs) {
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-strict", "-verbose", "-output", "json",
                "-kubernetes-version", version));
        for (String l : schemaLocations.isEmpty() ? SharedSchemas.location() : schemaLocations) {
            cmd.add("-schema-location");
            cmd.add(l);
        }
        inputs.forEach(p -> cmd.add(p.toString()));
        Tools.Result r = Tools.run(Repo.root(), cmd.toArray(String[]::new));
        try {
            JsonNode root = JSON.readTree(r.out());
            List<Verdict> out = new ArrayList<>();
            for (JsonNode res : root.path("resources")) {
                out.add(new Verdict(res.path("filename").asText(), res.path("kind").asText(), res.path("name").asText(),
                        res.path("version").asText(), res.path("status").asText().replaceFirst("^status", "").toLowerCase(
                        java.util.Locale.ROOT), res.path("msg").asText()));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("kubeconform printed no JSON (exit " + r.exitCode() + "): " + r.out() + r.err(), e);
        }
    }
}
