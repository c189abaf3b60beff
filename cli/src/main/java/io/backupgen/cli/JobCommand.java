package io.backupgen.cli;

import io.backupgen.model.BackupModel;
import io.backupgen.model.BackupSource;
import io.backupgen.model.BackupSources;
import io.backupgen.model.OneOffJobs;
import io.backupgen.pipeline.JobPipeline;
import io.backupgen.pipeline.UnknownEnvironmentException;
import io.backupgen.report.TextWriter;
import io.backupgen.spec.LoadedSpec;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code restore}, {@code list} and {@code backup-now} share: read the spec, pick the environment,
 * name the Job, build it from the model, validate it as {@code render} validates, print it.
 */
abstract class JobCommand implements Callable<Integer> {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    @Spec
    CommandSpec spec;

    @ParentCommand
    BackupgenCommand parent;

    /** -f as everywhere; the long form is --spec here, because --file names the backup to restore. */
    @Option(names = {"-f", "--spec"}, paramLabel = "SPEC", defaultValue = "backupgen.yaml",
            description = "Spec file, or - for standard input (default: ${DEFAULT-VALUE}).")
    String specFile;

    /** Standard input for {@code -f -}. */
    java.io.InputStream stdin = System.in;

    @Option(names = "--env", paramLabel = "ENV",
            description = "Environment of the spec whose objects the Job runs against (its namespace, image, ...)."
                    + " Default: the spec itself, as k8s/base.")
    String env;

    @Option(names = "--name", paramLabel = "NAME",
            description = {"The Job's name. Default: <slug>-<command>-<UTC time as yyyyMMddHHmmss>, unique per second;"
                    + " printing twice in one second prints the same name, and 'kubectl create' refuses the second."})
    String name;

    @Mixin
    SchemaOptions schema;

    /** The command's word in default Job names. */
    abstract String what();

    /** The Job, from the model. Throws {@link UserException} for a choice the spec cannot honour. */
    abstract BackupModel.Job job(BackupModel m, String jobName);

    /** What the Job does, in a few comment lines for the top of the printed YAML. */
    abstract List<String> describe(BackupModel m, BackupModel.Job job);

    @Override
    public Integer call() {
        SpecOption specOption = new SpecOption();
        specOption.file = specFile;
        specOption.stdin = stdin;
        LoadedSpec loaded = specOption.load();
        BackupModel m;
        try {
            m = JobPipeline.model(loaded, env);
        } catch (UnknownEnvironmentException e) {
            throw new UserException(ExitCode.USAGE, e.getMessage(), e);
        }
        String jobName = name != null ? checkedName(name) : OneOffJobs.defaultName(m, what(), parent.clock.instant());
        BackupModel.Job job = job(m, jobName);
        JobPipeline.Printed printed = JobPipeline.print(m, job, comments(m, job),
                schema.validator(schema.options()));
        if (!printed.report().ok()) {
            PrintWriter err = spec.commandLine().getErr();
            printed.report().findings().forEach(f -> err.println(TextWriter.format(f)));
            err.println("refusing to print: the Job is invalid (nothing was printed). This is a backupgen bug or a"
                    + " schema/version mismatch; please report it with your spec.");
            return ExitCode.FINDINGS;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(printed.yaml());
        out.flush();
        return ExitCode.OK;
    }

    private List<String> comments(BackupModel m, BackupModel.Job job) {
        String ns = m.namespace().isEmpty() ? "" : " -n " + m.namespace();
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Job " + job.name() + ": printed by 'backupgen " + spec.name() + "' from " + m.specFile()
                + (env == null ? "" : " (environment " + env + ")") + " for " + m.projectName() + ".");
        describe(m, job).forEach(lines::add);
        lines.add("");
        lines.add("Start it:   kubectl create -f <this file>   (or pipe this command into 'kubectl create -f -')");
        lines.add("Follow it:  kubectl logs" + ns + " -f --pod-running-timeout=5m job/" + job.name());
        lines.add("Its result: kubectl get" + ns + " job/" + job.name()
                + "   (kept " + OneOffJobs.TTL_SECONDS_AFTER_FINISHED / 86400 + " days after it finishes)");
        return lines;
    }

    /** {@code --from} (or the spec's default source), or a usage error saying why it cannot be read. */
    static BackupSource source(String from, BackupModel m) {
        String name = from == null ? BackupSources.defaultFor(m) : from;
        try {
            return BackupSources.resolve(name, m);
        } catch (BackupSources.UnavailableException e) {
            throw new UserException(ExitCode.USAGE, "--from " + name + ": " + e.getMessage(), e);
        }
    }

    static String checkedName(String name) {
        if (name.length() > OneOffJobs.MAX_NAME || !DNS_LABEL.matcher(name).matches()) {
            throw new UserException(ExitCode.USAGE, "--name '" + name + "' is not a valid Job name: lowercase"
                    + " letters, digits and '-', starting and ending with a letter or digit, at most "
                    + OneOffJobs.MAX_NAME + " characters (e.g. shop-restore-incident-42)");
        }
        return name;
    }
}
