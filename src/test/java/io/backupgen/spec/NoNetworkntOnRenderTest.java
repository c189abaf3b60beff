package io.backupgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.cli.Main;
import io.backupgen.memo.CheckMemo;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.ChildJvm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendering a sample, and checking it, loads no networknt class: the spec check runs on our engine,
 * and networknt stays for user schemas our engine cannot compile. Loading it cost ~50 ms of a cold
 * render. A fresh JVM is the only place that shows which classes a run loads, so one child renders
 * and checks every sample, with the JVM's class-load log on.
 */
class NoNetworkntOnRenderTest {
    @TempDir
    Path dir;

    @Test
    void renderingAndCheckingEverySampleLoadsNoNetworkntClass() throws Exception {
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        try (Stream<Path> samples = Files.list(Path.of("samples"))) {
            samples.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> args.add(p.toString()));
        }
        assertThat(args).hasSizeGreaterThan(5);
        List<String> command = ChildJvm.command(RenderEverySample.class.getName(), args.toArray(String[]::new));
        command.add(1, "-Xlog:class+load=info");
        Proc.Result r = ChildJvm.run(command, null);
        assertThat(r.exit()).as(r.stderr()).isZero();
        // the log is on and the spec check ran (or the absence below would prove nothing)
        assertThat(r.stdout()).contains("io.backupgen.spec.SpecSchema ", "io.backupgen.validate.schema.CompiledSchema ");
        assertThat(r.stdout().lines().filter(l -> l.contains("com.networknt")).limit(5).toList())
                .as("networknt classes loaded while rendering the samples").isEmpty();
    }

    /** In the child: renders each sample into its own folder, then checks it, as a user would; exits 1 on any failure. */
    public static final class RenderEverySample {
        public static void main(String[] args) {
            Path out = Path.of(args[0]);
            int failed = 0;
            for (int i = 1; i < args.length; i++) {
                String dir = out.resolve("s" + i).toString();
                failed += run("render", "-f", args[i], "-o", dir);
                failed += run("render", "-f", args[i], "-o", dir, "--check", "--no-cache");
            }
            System.exit(failed == 0 ? 0 : 1);
        }

        private static int run(String... args) {
            StringWriter err = new StringWriter();
            int code = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err), java.time.Clock.systemUTC(),
                    CheckMemo.off());
            if (code != 0) {
                System.err.println(String.join(" ", args) + ": exit " + code + "\n" + err);
            }
            return code == 0 ? 0 : 1;
        }
    }
}
