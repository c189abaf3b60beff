package io.backupgen.cli;

import io.backupgen.emit.ConflictException;
import io.backupgen.emit.Drift;
import io.backupgen.emit.TreePlan;
import io.backupgen.emit.TreeWriter;
import io.backupgen.pipeline.Format;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.pipeline.Rendering;
import io.backupgen.pipeline.UnknownEnvironmentException;
import io.backupgen.report.TextWriter;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.validate.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "render",
        description = {"Render the backup manifests from a spec and write them under the output directory.",
                "Files carry a generated-by header; a file you edited, or one backupgen did not write, is never"
                        + " overwritten without --force. The tree is written all or nothing."},
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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "kustomize",
            description = "What to render: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

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

        @Option(names = "--force", description = "Overwrite files even if they were edited or are not backupgen's.")
        boolean force;
    }

    /** Read for "now" by the overlap warning; tests may fix it. */
    java.time.Clock clock = java.time.Clock.systemUTC();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadedSpec loaded = specOption.load();
        if (env != null) {
            try {
                RenderPipeline.environment(loaded, env);
            } catch (UnknownEnvironmentException e) {
                throw new UserException(ExitCode.USAGE, e.getMessage(), e);
            }
        }
        Rendering rendering = RenderPipeline.render(loaded, format, env);
        ValidationReport report = RenderPipeline.validate(loaded, rendering, schema.validator(schema.options()));
        if (!report.ok()) {
            PrintWriter err = spec.commandLine().getErr();
            report.findings().forEach(f -> err.println(TextWriter.format(f)));
            err.println("refusing to write: the rendered manifests are invalid (nothing was written)."
                    + " This is a backupgen bug or a schema/version mismatch; please report it with your spec.");
            return ExitCode.FINDINGS;
        }
        warnCertainOverlaps(loaded);
        if (mode != null && mode.stdout) {
            out.print(env == null ? RenderPipeline.objectStream(loaded) : RenderPipeline.objectStream(loaded, env));
            out.flush();
            return ExitCode.OK;
        }
        TreePlan plan = TreeWriter.plan(output, rendering.files(), rendering.managedDirs());
        if (mode != null && mode.check) {
            if (!plan.hasDrift()) {
                out.println("up to date: " + rendering.files().size() + " files under " + output);
                return ExitCode.OK;
            }
            out.print(Drift.describe(plan));
            out.println("drift: files under " + output + " differ from what " + specOption.file
                    + " renders; run 'backupgen render' and commit the result");
            return ExitCode.FINDINGS;
        }
        try {
            TreeWriter.apply(plan, mode != null && mode.force);
        } catch (ConflictException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        out.printf("wrote %s: %d created, %d updated, %d unchanged, %d removed%n", output,
                plan.count(TreePlan.Action.CREATE), plan.count(TreePlan.Action.UPDATE),
                plan.count(TreePlan.Action.UNCHANGED), plan.count(TreePlan.Action.DELETE));
        return ExitCode.OK;
    }

    /**
     * Jobs that share a volume or a database and start in the same minute collide for certain
     * (concurrencyPolicy only keeps a CronJob from overlapping itself): say so on stderr, once per
     * environment that has it. The tree is still written; {@code backupgen plan} gates on overlaps.
     */
    private void warnCertainOverlaps(LoadedSpec loaded) {
        PrintWriter err = spec.commandLine().getErr();
        java.time.Instant now = clock.instant();
        java.util.Map<String, io.backupgen.model.BackupModel> models = new java.util.LinkedHashMap<>();
        if (env == null) {
            models.put(null, RenderPipeline.model(loaded));
            loaded.environmentNames().forEach(e -> models.put(e, RenderPipeline.model(loaded, e)));
        } else {
            models.put(env, RenderPipeline.model(loaded, env));
        }
        models.forEach((name, model) -> {
            for (io.backupgen.plan.Plan.Overlap o : io.backupgen.plan.Planner.certainOverlaps(model, now)) {
                err.println("warning: " + (name == null ? "" : "environment " + name + ": ") + o.job() + " and "
                        + o.other() + " start in the same minute (first "
                        + io.backupgen.plan.PlanText.WHEN.format(o.first().get(0)) + ", " + (o.count() == 1 ? "once" : o.count() + " times")
                        + " a year) and share " + o.shared() + "; move one schedule (see 'backupgen plan')");
            }
        });
        err.flush();
    }
}
