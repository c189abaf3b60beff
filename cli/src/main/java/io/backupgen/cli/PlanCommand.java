package io.backupgen.cli;

import io.backupgen.model.BackupModel;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.pipeline.UnknownEnvironmentException;
import io.backupgen.plan.Plan;
import io.backupgen.plan.PlanJson;
import io.backupgen.plan.PlanOptions;
import io.backupgen.plan.PlanText;
import io.backupgen.plan.Planner;
import io.backupgen.spec.LoadedSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "plan",
        description = {"Show when every backup job runs (in its own time zone, as Kubernetes' CronJob controller"
                + " schedules it, daylight-saving switches included), which jobs collide over a year, how much can be"
                + " lost (recovery point objective), how far back backups reach, and whether the volume is big enough.",
                "Exits 1 when jobs sharing a ReadWriteOnce volume or a database can run at the same time, or when the"
                        + " storage estimate does not fit the volume, so CI can gate on it."},
        footer = {"%nExamples:",
                "  backupgen plan -f backupgen.yaml",
                "  backupgen plan --env production --db-size 20Gi --compression-ratio 5",
                "  backupgen plan --from 2025-03-29T00:00:00Z --count 3 --output json",
                ExitCode.FOOTER})
final class PlanCommand implements Callable<Integer> {
    enum Output { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOption specOption;

    @Option(names = "--env", paramLabel = "ENV", description = "Plan this environment of the spec (default: the base).")
    String env;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Plan from this time: 2025-03-29T00:00:00Z, 2025-03-29T01:00+01:00, or a date (UTC midnight)."
                    + " Default: now.")
    String from;

    @Option(names = "--count", paramLabel = "N", defaultValue = "5",
            description = "Next runs listed per job (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--db-size", paramLabel = "SIZE",
            description = "Database size (a Kubernetes quantity such as 20Gi or 500M), for the storage estimate.")
    String dbSize;

    @Option(names = "--compression-ratio", paramLabel = "R", defaultValue = "1",
            description = "Database size divided by the size of one dump (default: ${DEFAULT-VALUE}, i.e. assume"
                    + " no compression; measure yours: pg_database_size over the size of a dump file).")
    double compressionRatio;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Output output;

    /** The clock "now" is read from; tests set a fixed one through {@link Cli#create}. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        if (count < 0 || count > 1000) {
            throw new UserException(ExitCode.USAGE, "--count must be 0 to 1000, got " + count);
        }
        if (!(compressionRatio > 0) || Double.isInfinite(compressionRatio)) {
            throw new UserException(ExitCode.USAGE, "--compression-ratio must be a number above 0, got "
                    + compressionRatio + " (e.g. 4 when a dump is a quarter of the database's size)");
        }
        LoadedSpec loaded = specOption.load();
        BackupModel model;
        try {
            model = env == null ? RenderPipeline.model(loaded) : RenderPipeline.model(loaded, env);
        } catch (UnknownEnvironmentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        PlanOptions options = new PlanOptions(start(), count, dbBytes(), compressionRatio, PlanOptions.MARGIN_PERCENT,
                PlanOptions.PRERESTORE_KEEP);
        Plan plan = Planner.plan(model, env, options);
        PrintWriter out = spec.commandLine().getOut();
        out.print(output == Output.json ? PlanJson.format(plan) : PlanText.format(plan));
        out.flush();
        return plan.hasFindings() ? ExitCode.FINDINGS : ExitCode.OK;
    }

    private Instant start() {
        if (from == null) {
            return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        try {
            return OffsetDateTime.parse(from).toInstant();
        } catch (DateTimeParseException e) {
            // fall through to the other accepted forms
        }
        try {
            return LocalDate.parse(from).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            LocalDateTime.parse(from);
            throw new UserException(ExitCode.USAGE, "--from " + from + " has no offset; add one, e.g. " + from + "Z"
                    + " (UTC) or " + from + "+01:00");
        } catch (DateTimeParseException e) {
            throw new UserException(ExitCode.USAGE, "--from must be a time such as 2025-03-29T00:00:00Z or a date such"
                    + " as 2025-03-29, got '" + from + "'");
        }
    }

    private Long dbBytes() {
        if (dbSize == null) {
            return null;
        }
        try {
            long b = Quantity.getAmountInBytes(new Quantity(dbSize)).longValueExact();
            if (b <= 0) {
                throw new ArithmeticException("not positive");
            }
            return b;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new UserException(ExitCode.USAGE, "--db-size must be a positive Kubernetes quantity such as 20Gi,"
                    + " 500Mi or 3G, got '" + dbSize + "'");
        }
    }
}
