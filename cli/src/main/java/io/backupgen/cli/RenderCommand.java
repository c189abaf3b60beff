package io.backupgen.cli;

import io.backupgen.emit.ConflictException;
import io.backupgen.emit.Drift;
import io.backupgen.emit.TreePlan;
import io.backupgen.emit.TreeWriter;
import io.backupgen.emit.OutputLock;
import io.backupgen.emit.WriteException;
import io.backupgen.emit.WriteStep;
import io.backupgen.memo.CheckMemo;
import io.backupgen.pipeline.Format;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.pipeline.Rendering;
import io.backupgen.pipeline.Renders;
import io.backupgen.pipeline.UnknownEnvironmentException;
import io.backupgen.report.TextWriter;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "render",
        description = {"Render the backup manifests from a spec and write them under the output directory.",
                "Files carry a generated-by header; a file you edited, or one backupgen did not write, is never"
                        + " overwritten without --force, and only files backupgen wrote (listed in"
                        + " DIR/.backupgen/manifest) are ever removed. Each of k8s/ and charts/<slug>/ switches from its"
                        + " old to its new version as a whole: a failed or killed render leaves the old tree, or the"
                        + " next render finishes the new one. Renders into the same DIR run one at a time."},
        footer = {"%nExamples:",
                "  backupgen render                          # backupgen.yaml -> ./k8s/base",
                "  backupgen render -f specs/shop.yaml -o deploy",
                "  backupgen render --stdout | kubectl apply --dry-run=server -f -",
                "  backupgen render --check                  # CI: exit 1 and a diff when k8s/ drifted",
                "  backupgen render --format all             # also charts/<slug>/, the Helm chart",
                "  backupgen render --env staging --stdout   # staging's final objects",
                "  backupgen render --schema-location default --kubernetes-version 1.31.0",
                ExitCode.FOOTER})
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOption specOption;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Directory to write k8s/ (and the chart) into (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kustomize", converter = FormatNames.class,
            completionCandidates = FormatNames.class,
            description = "What to render: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for another render writing into the same DIR (default: ${DEFAULT-VALUE}).")
    int lockTimeout;

    /** Hears each step of the write; the fault-injection tests stop the write there. */
    WriteStep.Listener writeSteps = WriteStep.Listener.NONE;

    /** {@code --format} values as the README writes them: lowercase. */
    static final class FormatNames implements ITypeConverter<Format>, Iterable<String> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new TypeConversionException("expected one of " + String.join(", ", this) + " but was '" + value + "'");
        }

        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Format.values()).map(f -> f.name().toLowerCase(Locale.ROOT)).iterator();
        }
    }

    @Option(names = "--env", paramLabel = "ENV",
            description = {"One environment of the spec. With --stdout: print its final objects (what"
                    + " 'kubectl kustomize k8s/overlays/ENV' builds). Otherwise: write (or --check) k8s/base and"
                    + " k8s/overlays/ENV only, leaving the other overlays alone."})
    String env;

    @ArgGroup(exclusive = true)
    Mode mode;

    @Mixin
    SchemaOptions schema;

    static final class Mode {
        @Option(names = "--stdout", description = "Print the objects as one multi-document YAML stream; write nothing.")
        boolean stdout;

        @Option(names = "--check", description = "Write nothing; exit 1 with a diff if the files on disk differ.")
        boolean check;

        @Option(names = "--force", description = "Overwrite files you edited or that are not backupgen's, and remove"
                + " files you edited that are no longer rendered.")
        boolean force;
    }

    @Option(names = "--no-cache", description = "With --check: always check in full; neither use nor keep the memo of"
            + " a passing check (see 'Speed' in the README).")
    boolean noCache;

    /** Read for "now" by the overlap warning; tests may fix it. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    /** Where a passing --check is remembered ({@link Main} replays it); off unless {@link Cli} is given one. */
    CheckMemo memo = CheckMemo.off();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CheckMemo.Recording reads = recording();
        if (!specOption.isStdin()) {
            reads.witness(SpecLoader.reads(Path.of(specOption.file)));
        }
        LoadedSpec loaded = specOption.load();
        if (env != null) {
            try {
                RenderPipeline.environment(loaded, env);
            } catch (UnknownEnvironmentException e) {
                throw new UserException(ExitCode.USAGE, e.getMessage(), e);
            }
        }
        Renders renders = new Renders(loaded); // each model and object set made once, for every stage below
        Rendering rendering = RenderPipeline.render(renders, format, env);
        ValidationReport report = RenderPipeline.validate(renders, rendering, schema.validator(schema.options()));
        if (!report.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            report.findings().forEach(f -> err.println(TextWriter.format(f)));
            err.println("refusing to write: the rendered manifests are invalid (nothing was written)."
                    + " This is a backupgen bug or a schema/version mismatch; please report it with your spec.");
            return ExitCode.FINDINGS;
        }
        int warnings = warnCertainOverlaps(renders);
        if (mode != null && mode.stdout) {
            out.print(renders.objectStream(env));
            out.flush();
            return ExitCode.OK;
        }
        if (mode != null && mode.check) {
            return check(rendering, out, warnings == 0 ? reads : CheckMemo.Recording.NONE);
        }
        if (lockTimeout < 0) {
            throw new UserException(ExitCode.USAGE, "--lock-timeout must be 0 or more seconds; got " + lockTimeout);
        }
        PrintWriter err = spec.commandLine().getErr();
        TreePlan plan;
        try (OutputLock lock = TreeWriter.lock(output, Duration.ofSeconds(lockTimeout), n -> err.println("note: " + n))) {
            plan = TreeWriter.plan(output, rendering.files(), rendering.managedDirs());
            TreeWriter.apply(plan, mode != null && mode.force, lock, writeSteps);
        } catch (ConflictException | WriteException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        plan.notes().forEach(n -> err.println("note: " + n));
        out.printf("wrote %s: %d created, %d updated, %d unchanged, %d removed%n", output,
                plan.count(TreePlan.Action.CREATE), plan.count(TreePlan.Action.UPDATE),
                plan.count(TreePlan.Action.UNCHANGED), plan.count(TreePlan.Action.DELETE));
        return ExitCode.OK;
    }

    /** {@code --check}: the plan a write would make, written nowhere; drift is exit 1 with advice that works. */
    private int check(Rendering rendering, PrintWriter out, CheckMemo.Recording reads) {
        TreePlan plan;
        try {
            reads.witness(TreeWriter.planReads(output, rendering.managedDirs()));
            plan = TreeWriter.plan(output, rendering.files(), rendering.managedDirs());
        } catch (WriteException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        if (plan.interrupted()) {
            out.println("drift: an earlier render into " + output + " was interrupted part-way ("
                    + output.resolve(".backupgen/journal") + " exists); run 'backupgen render' to finish it");
            return ExitCode.FINDINGS;
        }
        if (!plan.hasDrift()) {
            String upToDate = "up to date: " + rendering.files().size() + " files under " + output + System.lineSeparator();
            out.print(upToDate);
            out.flush();
            reads.keep(upToDate);
            return ExitCode.OK;
        }
        out.print(Drift.describe(plan));
        String render = "backupgen render -f " + specOption.file + (output.equals(Path.of(".")) ? "" : " -o " + output);
        if (plan.conflicts().isEmpty()) {
            out.println("drift: files under " + output + " differ from what " + specOption.display() + " renders; run '"
                    + render + "' and commit the result");
        } else {
            out.println("drift: files under " + output + " differ from what " + specOption.display() + " renders, and '"
                    + render + "' would refuse to write:");
            plan.conflicts().forEach(c -> out.println("  " + c.describe()));
            out.println(ConflictException.ADVICE);
        }
        return ExitCode.FINDINGS;
    }

    /**
     * Jobs that share a volume or a database and start in the same minute collide for certain
     * (concurrencyPolicy only keeps a CronJob from overlapping itself): say so on stderr, once per
     * environment that has it. The tree is still written; {@code backupgen plan} gates on overlaps.
     */
    private int warnCertainOverlaps(Renders renders) {
        LoadedSpec loaded = renders.loaded();
        PrintWriter err = spec.commandLine().getErr();
        java.time.Instant now = clock.instant();
        java.util.Map<String, io.backupgen.model.BackupModel> models = new java.util.LinkedHashMap<>();
        if (env == null) {
            models.put(null, renders.model(null));
            loaded.environmentNames().forEach(e -> models.put(e, renders.model(e)));
        } else {
            models.put(env, renders.model(env));
        }
        int warnings = 0;
        for (java.util.Map.Entry<String, io.backupgen.model.BackupModel> m : models.entrySet()) {
            String name = m.getKey();
            for (io.backupgen.plan.Plan.Overlap o : io.backupgen.plan.Planner.certainOverlaps(m.getValue(), now)) {
                warnings++;
                err.println("warning: " + (name == null ? "" : "environment " + name + ": ") + o.job() + " and "
                        + o.other() + " start in the same minute (first "
                        + io.backupgen.plan.PlanText.WHEN.format(o.first().get(0)) + ", " + (o.count() == 1 ? "once" : o.count() + " times")
                        + " a year) and share " + o.shared() + "; move one schedule (see 'backupgen plan')");
            }
        }
        err.flush();
        return warnings;
    }

    /**
     * What this check reads, to remember it if it passes: not for a spec on stdin (nothing to re-read),
     * other schemas than the built-in ones (files or URLs that change on their own), or an {@code @file}
     * argument (the command line would not say what ran).
     */
    private CheckMemo.Recording recording() {
        java.util.List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        if (mode == null || !mode.check || noCache || specOption.isStdin() || !schema.schemaLocations.isEmpty()
                || args.stream().anyMatch(a -> a.startsWith("@"))) {
            return CheckMemo.Recording.NONE;
        }
        return memo.record(args, Path.of(""));
    }
}
