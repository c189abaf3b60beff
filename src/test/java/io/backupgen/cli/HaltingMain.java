package io.backupgen.cli;

import io.backupgen.emit.WriteStep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;

/**
 * backupgen's Main with the write stopped at one step, for tests that need a real second process:
 * {@code STEP N halt render-args...} halts the JVM (like kill -9: no finally, no shutdown hooks) at the
 * Nth time the write reaches STEP; {@code STEP N hold:MARKER:RELEASE render-args...} creates MARKER
 * there and holds (with the output locked) until RELEASE exists.
 */
public final class HaltingMain {
    private HaltingMain() {
    }

    public static void main(String[] args) throws Exception {
        WriteStep step = WriteStep.valueOf(args[0]);
        int n = Integer.parseInt(args[1]);
        String action = args[2];
        CommandLine cl = Cli.create();
        AtomicInteger seen = new AtomicInteger();
        ((RenderCommand) cl.getSubcommands().get("render").getCommand()).writeSteps = (s, detail) -> {
            if (s != step || seen.incrementAndGet() != n) {
                return;
            }
            if (action.equals("halt")) {
                Runtime.getRuntime().halt(137);
            }
            String[] a = action.split(":", 3);
            Files.writeString(Path.of(a[1]), "holding at " + s + " " + detail + "\n");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(Path.of(a[2])) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        };
        System.exit(cl.execute(Arrays.copyOfRange(args, 3, args.length)));
    }
}
