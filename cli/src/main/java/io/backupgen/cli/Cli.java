package io.backupgen.cli;

import io.backupgen.memo.CheckMemo;
import io.backupgen.spec.SpecException;
import io.backupgen.text.IoErrors;
import io.backupgen.text.SafeText;
import io.backupgen.text.Suggest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds the configured picocli {@link CommandLine}: writers, exit-code mapping and exception
 * handling live here once, so tests get exactly what users get. This is the one place a failure
 * becomes text: a user error or any I/O failure is exit 2 with the path, the cause and what to do;
 * only a backupgen bug is an "internal error".
 */
public final class Cli {
    /** Set (to anything) to get the stack trace of an internal error. */
    static final String DEBUG_ENV = "BACKUPGEN_DEBUG";

    private Cli() {
    }

    public static CommandLine create() {
        return create(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static CommandLine create(PrintWriter out, PrintWriter err) {
        return create(out, err, java.time.Clock.systemUTC());
    }

    /**
     * With the clock commands read "now" from ({@code plan}, render's overlap warning, the default names of
     * the Jobs restore/list/backup-now print), so tests can fix it.
     */
    public static CommandLine create(PrintWriter out, PrintWriter err, java.time.Clock clock) {
        return create(out, err, clock, CheckMemo.off());
    }

    /** With the memo a passing {@code render --check} is kept in ({@link Main} gives the real one). */
    public static CommandLine create(PrintWriter out, PrintWriter err, java.time.Clock clock, CheckMemo memo) {
        return create(out, err, clock, memo, COMMANDS.values());
    }

    /**
     * For the command line {@code args}: when it names a command, only that one is built. picocli reflects
     * over every option of every command it is given, and on a cold JVM that costs ~0.1 s for the other
     * nine, on each run of a CLI that runs in pre-commit hooks. Anything else (no command, a root option,
     * a typo that needs "did you mean", completion, which lists them all) gets the whole tree.
     */
    public static CommandLine forArgs(String[] args, PrintWriter out, PrintWriter err, java.time.Clock clock,
            CheckMemo memo) {
        Class<?> named = args.length > 0 && !args[0].equals(COMPLETION) ? COMMANDS.get(args[0]) : null;
        return create(out, err, clock, memo, named == null ? COMMANDS.values() : List.of(named));
    }

    private static final String COMPLETION = "generate-completion";

    /**
     * backupgen's commands by name, in the order {@code --help} lists them. The names are spelt out, not
     * read from each class's {@code @Command}: reading one annotation makes the JVM generate a proxy class,
     * and doing it for every command cost ~25 ms of each run (CliTest checks the names match).
     */
    static final Map<String, Class<?>> COMMANDS = commands();

    private static Map<String, Class<?>> commands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("init", InitCommand.class);
        m.put("render", RenderCommand.class);
        m.put("plan", PlanCommand.class);
        m.put("schema", SchemaCommand.class);
        m.put("version", VersionCommand.class);
        m.put("validate", ValidateCommand.class);
        m.put("restore", RestoreCommand.class);
        m.put("list", ListCommand.class);
        m.put("backup-now", BackupNowCommand.class);
        m.put(COMPLETION, AutoComplete.GenerateCompletion.class);
        return Collections.unmodifiableMap(m);
    }

    private static CommandLine create(PrintWriter out, PrintWriter err, java.time.Clock clock, CheckMemo memo,
            Collection<Class<?>> commands) {
        BackupgenCommand root = new BackupgenCommand();
        root.clock = clock;
        CommandLine cl = new CommandLine(root);
        for (Class<?> c : commands) {
            Object command = instantiate(c);
            if (command instanceof PlanCommand plan) {
                plan.clock = clock;
            } else if (command instanceof RenderCommand render) {
                render.clock = clock;
                render.memo = memo;
            }
            cl.addSubcommand(command);
        }
        // after the commands: picocli applies these settings to the subcommands present now
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExitCodeExceptionMapper(ex -> ex instanceof UserException u ? u.exitCode() : ExitCode.USAGE);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            // picocli prefixes some messages with "Error: "; ours already start with "error: ".
            c.getErr().println("error: " + lines(ex.getMessage().replaceFirst("^Error: ", "")));
            suggest(ex, c);
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> report(ex, c.getErr()));
        return cl;
    }

    private static Object instantiate(Class<?> c) {
        try {
            var constructor = c.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the command " + c.getName(), e);
        }
    }

    /** Prints {@code ex} the way a person can act on, and returns the exit code. */
    static int report(Exception ex, PrintWriter err) {
        if (ex instanceof UserException u) {
            err.println("error: " + lines(u.getMessage()));
            return u.exitCode();
        }
        if (ex instanceof SpecException s) {
            err.println("error: invalid spec:\n" + s.getMessage());
            return ExitCode.USAGE;
        }
        Optional<IoErrors.Problem> io = IoErrors.find(ex);
        if (io.isPresent()) {
            IoErrors.Problem p = io.get();
            err.println("error: " + p.summary() + (p.advice().isEmpty() ? "" : "\n  " + p.advice()));
            return ExitCode.USAGE;
        }
        // A bug, not a user error: one line that can be reported, the trace on request.
        StackTraceElement at = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
        err.println("internal error (a backupgen bug; please report it with the command and the spec): " + ex
                + (at == null ? "" : "\n  at " + at));
        if (System.getenv(DEBUG_ENV) != null) {
            ex.printStackTrace(err);
        } else {
            err.println("  set " + DEBUG_ENV + "=1 for the full stack trace");
        }
        return ExitCode.USAGE;
    }

    /** Each line of a message with control characters spelt out: input quoted in it cannot forge lines. */
    private static String lines(String message) {
        String m = message == null ? "" : message;
        List<String> out = new ArrayList<>();
        for (String line : m.split("\n", -1)) {
            out.add(SafeText.visible(line));
        }
        return String.join("\n", out);
    }

    /** picocli's prefix-based suggestions, or a "did you mean" by edit distance ("--Check", "--frce"). */
    private static void suggest(CommandLine.ParameterException ex, CommandLine c) {
        StringWriter picocli = new StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(picocli, true));
        if (!picocli.toString().isBlank()) {
            c.getErr().print(picocli);
            return;
        }
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (OptionSpec o : c.getCommandSpec().options()) {
            names.addAll(List.of(o.names()));
        }
        for (String arg : u.getUnmatched()) {
            if (arg.startsWith("-")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                Suggest.nearest(name, names).ifPresent(n -> c.getErr().println("did you mean '" + n + "'?"));
                return;
            }
        }
    }
}
