package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a process with output captured to files (no pipe deadlocks) and a hard timeout. */
public final class Proc {

    /** Exit status and output of a finished process. */
    public record Result(List<String> command, int exit, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }

        public Result ok() {
            if (exit != 0) {
                throw new IllegalStateException("command failed (exit " + exit + "): " + command
                        + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr);
            }
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + " of " + command + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private Proc() {
    }

    /** Runs cmd; env == null keeps the harness environment, otherwise the process gets exactly env. */
    public static Result run(List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
        Running r = start(cmd, env, stdin);
        return r.await(timeout);
    }

    public static Result run(String... cmd) {
        return run(List.of(cmd), null, null, Duration.ofSeconds(60));
    }

    public static Running start(List<String> cmd, Map<String, String> env, String stdin) {
        try {
            Path out = Files.createTempFile("proc", ".out");
            Path err = Files.createTempFile("proc", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (env != null) {
                pb.environment().clear();
                pb.environment().putAll(env);
            }
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (var os = p.getOutputStream()) {
                    os.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Running(List.copyOf(cmd), p, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + cmd, e);
        }
    }

    /** A started process. */
    public static final class Running {
        private final List<String> cmd;
        private final Process process;
        private final Path out;
        private final Path err;

        Running(List<String> cmd, Process process, Path out, Path err) {
            this.cmd = cmd;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL to the process and everything it started, as a node losing the pod would. */
        public void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        public String stdoutSoFar() {
            try {
                return Files.readString(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException("timed out after " + timeout + ": " + cmd
                            + "\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
                }
                Result r = new Result(cmd, process.exitValue(), Files.readString(out), Files.readString(err));
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
                return r;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
