package io.backupgen.cli;

import io.backupgen.spec.Diagnostic;
import io.backupgen.spec.SpecDraft;
import io.backupgen.spec.SpecException;
import io.backupgen.spec.SpecLoader;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        name = "init",
        description = {"Write a commented spec with production-safe defaults.",
                "Every question is also a flag; --set KEY=VALUE sets any field by its path. Prompts only when"
                        + " standard input is a terminal and --no-input is not given."},
        footer = {"%nExamples:",
                "  backupgen init --name 'Acme Shop' --db-host acme-db --postgres-version 16",
                "  backupgen init --name shop --storage-class fast-ssd --set tiers.daily.keep=14 -o shop.yaml",
                "  backupgen init --name shop --db-host shop-db-rw --db-pod-labels cnpg.io/cluster=shop-db",
                "  backupgen init --name shop --no-input --force    # in scripts and CI",
                ExitCode.FOOTER})
final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "backupgen.yaml",
            description = "Where to write the spec (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing spec file.")
    boolean force;

    @Option(names = "--no-input", description = "Never prompt, even on a terminal.")
    boolean noInput;

    @Option(names = "--name", description = "Project name (required unless prompted).")
    String name;

    @Option(names = "--slug", description = "Object name prefix (default: derived from the name).")
    String slug;

    @Option(names = "--namespace", description = "Namespace for the base.")
    String namespace;

    @Option(names = "--db-host", description = "Database host or Service (default: <slug>-postgres).")
    String dbHost;

    @Option(names = "--db-port", description = "Database port (default: 5432).")
    Integer dbPort;

    @Option(names = "--db-name", description = "Database to back up (default: slug with '_' for '-').")
    String dbName;

    @Option(names = "--postgres-version", description = "PostgreSQL server major version (default: 16).")
    Integer postgresVersion;

    @Option(names = "--secret-name", description = "Credentials Secret (default: <slug>-db-credentials).")
    String secretName;

    @Option(names = "--storage-class", description = "Storage class of the backup PVC (default: cluster default).")
    String storageClass;

    @Option(names = "--storage-size", description = "Size of the backup PVC (default: 10Gi).")
    String storageSize;

    @Option(names = "--time-zone", description = "IANA time zone of every schedule (default: UTC).")
    String timeZone;

    @Option(names = "--profile", description = "Profile layered under the spec, e.g. production.")
    String profile;

    @Option(names = "--alerts", negatable = true, description = "Render a PrometheusRule with backup alerts; the"
            + " cluster needs prometheus-operator's CRD (monitoring.coreos.com). Default: asked, off without a terminal.")
    Boolean alerts;

    @Option(names = "--pushgateway-url", description = "Prometheus Pushgateway the Jobs push their metrics to"
            + " (default: none).")
    String pushgatewayUrl;

    @Option(names = "--db-pod-labels", paramLabel = "KEY=VALUE[,KEY=VALUE...]",
            description = "Labels of the database's pods (e.g. cnpg.io/cluster=shop-db): renders a NetworkPolicy"
                    + " letting the backup pods reach only them and DNS.")
    String dbPodLabels;

    @Option(names = "--db-cidr", paramLabel = "CIDR",
            description = "Address range of a database outside the cluster (e.g. 10.20.0.0/24): renders a"
                    + " NetworkPolicy letting the backup pods reach only it and DNS.")
    String dbCidr;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set any field by path, e.g. tiers.daily.keep=14.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(output)) {
            throw new UserException(ExitCode.USAGE, output + " is a directory; name the spec file to write, e.g. -o "
                    + output.resolve("backupgen.yaml"));
        }
        if (Files.exists(output) && !force) {
            throw new UserException(ExitCode.USAGE, output + " already exists; use --force to overwrite it");
        }
        // Only the file asked for is created: a missing folder is more likely a typo than a wish.
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new UserException(ExitCode.USAGE, "cannot write " + output + ": the folder " + parent
                    + " does not exist; create it first (mkdir -p " + parent + ") or choose another -o."
                    + " Nothing was written.");
        }
        Console console = System.console();
        if (name == null && console != null && !noInput) {
            name = ask(console, "Project name", null);
            dbHost = dbHost != null ? dbHost : emptyToNull(ask(console, "Database host (empty: <slug>-postgres)", ""));
            String v = ask(console, "PostgreSQL major version", "16");
            postgresVersion = postgresVersion != null ? postgresVersion : Integer.valueOf(v);
            if (dbPodLabels == null && dbCidr == null) {
                String where = ask(console, "Where is the database, for a NetworkPolicy? Its pods' labels"
                        + " (key=value,...), or a CIDR outside the cluster (empty: no NetworkPolicy)", "");
                if (where != null && where.contains("=")) {
                    dbPodLabels = where;
                } else if (where != null && !where.isEmpty()) {
                    dbCidr = where;
                }
            }
            if (alerts == null) {
                alerts = askAlerts(console);
            }
        }
        if (name == null || name.isBlank()) {
            throw new UserException(ExitCode.USAGE, "--name is required when not prompting (stdin is not a terminal"
                    + " or --no-input was given); e.g. backupgen init --name 'Acme Shop'");
        }
        SpecDraft draft = new SpecDraft();
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, Object> answers = new LinkedHashMap<>();
        answers.put("project.name", name);
        answers.put("project.slug", slug);
        answers.put("project.namespace", namespace);
        answers.put("database.host", dbHost);
        answers.put("database.port", dbPort);
        answers.put("database.name", dbName);
        answers.put("database.postgresVersion", postgresVersion);
        answers.put("database.credentials.secretName", secretName);
        answers.put("storage.storageClassName", storageClass);
        answers.put("storage.size", storageSize);
        answers.put("profile", profile);
        answers.put("alerts.enabled", alerts);
        answers.put("metrics.pushgatewayUrl", pushgatewayUrl);
        if (timeZone != null) {
            for (String tier : List.of("daily", "weekly", "monthly")) {
                answers.put("tiers." + tier + ".timeZone", timeZone);
            }
        }
        Map<String, String> flags = Map.of("project.name", "--name", "project.slug", "--slug", "project.namespace",
                "--namespace", "database.host", "--db-host", "database.port", "--db-port", "database.name", "--db-name",
                "database.postgresVersion", "--postgres-version", "database.credentials.secretName", "--secret-name",
                "storage.storageClassName", "--storage-class", "storage.size", "--storage-size");
        answers.forEach((k, v) -> {
            if (v != null) {
                origins.put(k, flags.getOrDefault(k, k.endsWith("timeZone") ? "--time-zone" : "--" + k));
            }
            if (v instanceof String s) {
                draft.setText(k, s);
            } else if (v != null) {
                draft.set(k, v.toString());
            }
        });
        if (dbPodLabels != null) {
            draft.setNode("networkPolicy.database.podSelector", podSelector(dbPodLabels));
        }
        if (dbCidr != null) {
            draft.setText("networkPolicy.database.cidr", dbCidr);
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new UserException(ExitCode.USAGE, "--set takes KEY=VALUE, e.g. --set tiers.daily.keep=14; got '"
                        + s + "'");
            }
            try {
                draft.set(s.substring(0, eq), s.substring(eq + 1));
                origins.put(s.substring(0, eq), "--set " + s);
            } catch (SpecException e) {
                throw new UserException(ExitCode.USAGE, "nothing was written:\n" + e.getMessage(), e);
            }
        }
        String text = draft.text("backupgen spec for " + name + ". Written by 'backupgen init'; edit freely.\n"
                + "Render with: backupgen render -f " + output.getFileName());
        try {
            SpecLoader.forSpecFile(output).load(output.toString(), text);
        } catch (SpecException e) {
            // Positions would point into a file that was never written: name the flag that gave each value.
            throw new UserException(ExitCode.USAGE, "these answers do not make a valid spec; nothing was written:\n"
                    + e.diagnostics().stream().map(d -> new Diagnostic(origins.getOrDefault(d.path(), "the defaults"),
                            0, 0, d.path(), d.message(), d.allowed(), d.suggestion()).format())
                    .collect(Collectors.joining("\n")), e);
        }
        Path tmp = Files.createTempFile(parent, ".backupgen-init-", ".yaml");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, output, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        spec.commandLine().getOut().println("wrote " + output + "; next: backupgen render -f " + output);
        return ExitCode.OK;
    }

    /** Alerts need a CRD the cluster may not have: off unless the user says yes. */
    private Boolean askAlerts(Console console) {
        String a = ask(console, "Render Prometheus alerts? The cluster needs prometheus-operator's CRD"
                + " (kubectl get crd prometheusrules.monitoring.coreos.com) [y/N]", "n");
        return a.toLowerCase(java.util.Locale.ROOT).startsWith("y");
    }

    /** "a=b,c=d" as a Kubernetes label selector {matchLabels: {a: b, c: d}}. */
    private static com.fasterxml.jackson.databind.JsonNode podSelector(String labels) {
        var selector = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        var match = selector.putObject("matchLabels");
        for (String pair : labels.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UserException(ExitCode.USAGE, "--db-pod-labels takes KEY=VALUE[,KEY=VALUE...], e.g."
                        + " cnpg.io/cluster=shop-db; got '" + labels + "'");
            }
            match.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return selector;
    }

    private String ask(Console console, String question, String dflt) {
        String answer = console.readLine("%s%s: ", question, dflt == null || dflt.isEmpty() ? "" : " [" + dflt + "]");
        return answer == null || answer.isBlank() ? dflt : answer.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
