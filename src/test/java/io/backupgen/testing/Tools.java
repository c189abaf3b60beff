package io.backupgen.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** External tools the tests drive for real; a missing one fails with the package to install. */
public final class Tools {
    private Tools() {
    }

    public record Result(int exitCode, String out, String err) {
    }

    public static Path require(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(tool + " is not on PATH; install it (apt-get install -y " + debianPackage
                + ") — .ci/run does this");
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    public static Result run(Path workDir, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
            Path outFile = Files.createTempFile("backupgen-tool", ".out");
            Path errFile = Files.createTempFile("backupgen-tool", ".err");
            pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
            }
            Result r = new Result(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
            Files.deleteIfExists(outFile);
            Files.deleteIfExists(errFile);
            return r;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}
