package io.backupgen.cli;

import io.backupgen.memo.CheckMemo;
import io.backupgen.validate.ValidatorOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Process entry point: everything else is reachable, and testable, through {@link Cli}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // Only a command line with --check can have a memo: every other run skips even looking for one.
        // Kept beside the schema cache: $XDG_CACHE_HOME/backupgen/checks (or ~/.cache/backupgen/checks).
        CheckMemo memo = List.of(args).contains("--check")
                ? CheckMemo.forThisProcess(ValidatorOptions.defaultCacheDir().resolveSibling("checks"))
                : CheckMemo.off();
        int code = run(args, out, err, java.time.Clock.systemUTC(), memo);
        if (ArchiveTraining.requested()) {
            // the launcher's archive-making run: the user's command is done and its output out; now load what
            // the other commands need, so the archive serves them too (it never changes the exit code)
            out.flush();
            err.flush();
            ArchiveTraining.run();
        }
        System.exit(code);
    }

    /**
     * A command line that is a {@code render --check} that passed before, on what is still there, is
     * answered from its memo before any command is even parsed: that is the whole point (a pre-commit
     * hook's check costs a JVM start and ~30 file reads). Everything else runs through {@link Cli}.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, java.time.Clock clock, CheckMemo memo) {
        var replayed = memo.replay(List.of(args), Path.of(""));
        if (replayed.isPresent()) {
            out.print(replayed.get());
            out.flush();
            return ExitCode.OK;
        }
        return Cli.forArgs(args, out, err, clock, memo).execute(args);
    }
}
