package io.backupgen.cli;

import io.backupgen.memo.CheckMemo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The extra work of the run that makes bin/backupgen's class-data archive (CDS on JDK 17-24, the AOT cache
 * on 25+). Such an archive holds only the classes its run loaded, so one made by an {@code init} or a
 * {@code validate} left every later {@code render} loading ~1,900 classes from the jar (0.86 s instead of
 * 0.66 s for a {@code render --check}) until the next build. The launcher sets {@link #PROPERTY} on that
 * run only; after the user's command has finished and its output is flushed, {@link Main} calls
 * {@link #run()}, which runs the main commands on a spec carried in the jar so the archive covers them all.
 *
 * <p>Invisible to the user by construction: it runs the commands through {@link Cli} with writers that
 * drop everything, with {@code System.out}/{@code err} swapped for sinks and {@code System.in} for an
 * empty stream while it runs (a library printing on its own cannot reach the user's output, nothing can
 * read the user's input); everything it writes is in a temporary folder it removes, the check memo and
 * the schema cache included (the user's are never read nor written; the built-in schemas are offline:
 * nothing goes to the network); any failure, or a run longer than {@link #LIMIT_MILLIS}, only means a
 * smaller archive.
 */
final class ArchiveTraining {
    /** Set by bin/backupgen on the archive-making run only. */
    static final String PROPERTY = "backupgen.archive.train";
    /** Never hold the user's exit up longer than this; what was loaded by then is archived. */
    static final long LIMIT_MILLIS = 30_000;
    private static final String SPEC = "/training/backupgen.yaml";

    private ArchiveTraining() {
    }

    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Runs the workload and returns when it is done, failed, or took {@link #LIMIT_MILLIS}; never throws. */
    static void run() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        Path dir = null;
        Thread t = null;
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            System.setIn(new ByteArrayInputStream(new byte[0]));
            dir = Files.createTempDirectory("backupgen-training-");
            Path work = dir;
            // a daemon thread: should a command hang, the JVM still exits with the user's code at the limit
            t = new Thread(() -> {
                try {
                    workload(work);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "backupgen-archive-training");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((thread, e) -> { }); // only a smaller archive
            t.start();
            t.join(LIMIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // even an Error here must not change the user's exit code
            // only a smaller archive
        } finally {
            if (dir != null) {
                deleteTree(dir);
            }
            // still running (cut off): keep the sinks, so nothing it does can reach the user before the exit
            if (t == null || !t.isAlive()) {
                System.setOut(out);
                System.setErr(err);
                System.setIn(in);
            }
        }
    }

    /** One command line the workload ran, its exit code and its standard output (which nobody sees). */
    record Ran(List<String> args, int exit, String out) {
    }

    /**
     * The command lines, in {@code dir}: what the main commands do for real specs, their failure paths included
     * (a drifted tree, documents that are not objects), since those load classes of their own. Each runs even if
     * one before it failed; render writes first because the others read its tree. ArchiveTrainingTest checks each
     * still does what it is here for, as a failure here would only show as a slower start.
     */
    static List<Ran> workload(Path dir) throws IOException {
        Path spec = dir.resolve("backupgen.yaml");
        try (InputStream in = ArchiveTraining.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IOException(SPEC + " is not in the jar");
            }
            Files.copy(in, spec);
        }
        String f = spec.toString();
        String out = dir.resolve("out").toString();
        String cache = dir.resolve("schema-cache").toString();
        Path stream = dir.resolve("production.yaml");
        List<Ran> ran = new ArrayList<>();

        ran.add(command("init", "--no-input", "--name", "Archive Training", "-o", dir.resolve("init.yaml").toString()));
        ran.add(command("render", "-f", f, "-o", out, "--format", "all", "--cache-dir", cache));
        ran.add(command("render", "-f", f, "-o", out, "--format", "all", "--check", "--no-cache", "--cache-dir", cache));
        // a pre-commit hook's check: kept in a memo, then answered from it; the memo is in dir, never the user's
        CheckMemo memo = CheckMemo.forThisProcess(dir.resolve("checks"));
        ran.add(command(memo, "render", "-f", f, "-o", out, "--format", "all", "--check"));
        ran.add(command(memo, "render", "-f", f, "-o", out, "--format", "all", "--check"));
        Ran printed = command("render", "-f", f, "--env", "production", "--stdout", "--cache-dir", cache);
        ran.add(printed);
        Files.writeString(stream, printed.out());
        ran.add(command("validate", "--summary", "--cache-dir", cache, stream.toString()));
        ran.add(command("validate", "--summary", "--cache-dir", cache, dir.resolve("out/k8s/base").toString()));
        // the overlays' patches are not whole objects: findings, in the form CI reads
        ran.add(command("validate", "-o", "json", "--cache-dir", cache, dir.resolve("out/k8s").toString()));
        // a drifted tree: --check prints the diff
        try (Stream<Path> files = Files.list(dir.resolve("out/k8s/base"))) {
            Path first = files.filter(p -> p.toString().endsWith(".yaml")).sorted().findFirst().orElseThrow();
            Files.writeString(first, Files.readString(first).replaceFirst("\n", "\n# edited\n"));
        }
        ran.add(command("render", "-f", f, "-o", out, "--check", "--no-cache", "--cache-dir", cache));
        ran.add(command("plan", "-f", f));
        ran.add(command("plan", "-f", f, "--env", "staging", "--output", "json"));
        ran.add(command("restore", "-f", f, "--env", "production", "--cache-dir", cache));
        ran.add(command("list", "-f", f, "--cache-dir", cache));
        ran.add(command("backup-now", "-f", f, "--tier", "daily", "--cache-dir", cache));
        return ran;
    }

    /** One command line as {@link Main} runs it, without the check memo; a command that throws is exit -1. */
    private static Ran command(String... args) {
        return command(CheckMemo.off(), args);
    }

    private static Ran command(CheckMemo memo, String... args) {
        StringWriter out = new StringWriter();
        PrintWriter err = new PrintWriter(Writer.nullWriter());
        int exit;
        try {
            exit = Main.run(args, new PrintWriter(out), err, Clock.systemUTC(), memo);
        } catch (RuntimeException e) {
            exit = -1; // the next command still runs
        }
        return new Ran(List.of(args), exit, out.toString());
    }

    private static void deleteTree(Path dir) {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a leftover in the temp folder, nothing worse
            }
        }
    }
}
