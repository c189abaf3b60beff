package io.backupgen.testing;

import io.backupgen.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process exactly as Main does, capturing what it prints. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        return at(java.time.Clock.systemUTC(), args);
    }

    /** With "now" fixed by {@code clock} (plan, render's overlap warning). */
    public static CliRun at(java.time.Clock clock, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true), clock).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Through Main, with {@code memo} for render --check's memo (a replay is answered before any parsing). */
    public static CliRun main(java.time.Clock clock, io.backupgen.memo.CheckMemo memo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = io.backupgen.cli.Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), clock, memo);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** As {@link #of}, with {@code now} as the clock (the default names of printed Jobs). */
    public static CliRun at(java.time.Instant now, String... args) {
        return at(java.time.Clock.fixed(now, java.time.ZoneOffset.UTC), args);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
}
