package io.backupgen.cli;

import io.backupgen.text.Suggest;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Builds the configured picocli {@link CommandLine}: writers, exit-code mapping and exception
 * handling live here once, so tests get exactly what users get.
 */
public final class Cli {
    private Cli() {
    }

    public static CommandLine create() {
        return create(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        return create(out, err, java.time.Clock.systemUTC());
    }

    /** With the clock commands read "now" from ({@code plan}), so tests can fix it. */
    public static CommandLine create(PrintWriter out, PrintWriter err, java.time.Clock clock) {
        CommandLine cl = new CommandLine(new BackupgenCommand());
        ((PlanCommand) cl.getSubcommands().get("plan").getCommand()).clock = clock;
        ((RenderCommand) cl.getSubcommands().get("render").getCommand()).clock = clock;
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof UserException u ? u.exitCode() : ExitCode.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof UserException u) {
                c.getErr().println("error: " + u.getMessage());
                return u.exitCode();
            }
            // A bug, not a user error: keep the stack trace so it can be reported.
            c.getErr().println("internal error: " + ex);
            ex.printStackTrace(c.getErr());
            return ExitCode.USAGE;
        });
        return cl;
    }
}
