package io.backupgen.render;

import io.backupgen.model.BackupModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * {@code k8s/RUNBOOK.md} and the chart README's runbook: what to type at 3 a.m., with this project's real
 * names (namespace, CronJobs, volume, Secret, database, file names), generated from the same models as
 * the manifests so it never drifts from them. Decisions (which environment the commands are written
 * for, what each command line is) are made here; {@code templates/runbook/RUNBOOK.md.peb} lays them out.
 */
public final class Runbook {
    public static final String FILE = "k8s/RUNBOOK.md";
    static final String TEMPLATE = "runbook/RUNBOOK.md.peb";

    private Runbook() {
    }

    /**
     * One alert as the runbook lists it, grouped by name: each heading's anchor is the alert's name in
     * lower case, which is what {@code alerts.runbookBaseUrl} links to ({@code <base>#<alert>}), so the base
     * URL may point at this very file.
     *
     * @param rules one line per rendered rule of that name: severity, tier, what it says, what to do
     */
    public record Alert(String name, List<AlertRule> rules) {
    }

    public record AlertRule(String severity, String tier, String summary, String description) {
    }

    /** The alerts the model renders (none when alerts are off), from the same rules as the PrometheusRule. */
    static List<Alert> alerts(BackupModel m) {
        if (m.alerts() == null || !m.alerts().enabled()) {
            return List.of();
        }
        Map<String, List<AlertRule>> byName = new LinkedHashMap<>();
        for (io.backupgen.alerts.Alerts.Rule r : m.alerts().rules()) {
            byName.computeIfAbsent(r.alert(), k -> new ArrayList<>()).add(new AlertRule(
                    r.labels().getOrDefault("severity", ""), r.labels().getOrDefault("tier", ""),
                    cell(readable(r.annotations().getOrDefault("summary", ""), m.namespace())),
                    cell(readable(r.annotations().getOrDefault("description", ""), m.namespace()))));
        }
        List<Alert> out = new ArrayList<>();
        byName.forEach((name, rules) -> out.add(new Alert(name, List.copyOf(rules))));
        return out;
    }

    private static final java.util.regex.Pattern SECONDS =
            java.util.regex.Pattern.compile("\\{\\{ (\\d+) \\| humanizeDuration \\}\\}");

    /**
     * An annotation as a person reads it in the runbook: Prometheus' template expressions, which the alert
     * fills in when it fires, become the namespace, {@code <label>} placeholders and durations.
     */
    static String readable(String text, String namespace) {
        String out = text.replace("{{ $labels.namespace }}", namespace.isEmpty() ? "<namespace>" : namespace)
                .replaceAll("\\{\\{ \\$value \\| humanize\\w* \\}\\}", "(the time in the alert)")
                .replaceAll("\\{\\{ \\$value \\}\\}", "(the value in the alert)")
                .replaceAll("\\{\\{ \\$labels\\.(\\w+) \\}\\}", "<$1>");
        java.util.regex.Matcher m = SECONDS.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            long s = Long.parseLong(m.group(1));
            String d = (s / 86400 > 0 ? s / 86400 + "d " : "") + (s % 86400 / 3600) + "h " + (s % 3600 / 60) + "m";
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(d));
        }
        return m.appendTail(sb).toString();
    }

    /** Markdown table cell text: one line, no cell separators. */
    private static String cell(String text) {
        return text.replace("\n", " ").replace("|", "\\|");
    }

    /** Where the commands run: the spec itself (k8s/base) or one environment (its overlay). */
    public record Target(String name, String flag, String namespace, String objects) {
    }

    /**
     * @param base         the spec's own model
     * @param environments environment name to its model, sorted
     * @param headingLevel 1 for RUNBOOK.md ("# title"), 2 inside the chart's README
     */
    public static String markdown(BackupModel base, SortedMap<String, BackupModel> environments, int headingLevel) {
        return TemplateEngine.render(TEMPLATE, context(base, environments, headingLevel));
    }

    /**
     * The runbook's command sections alone (list, restore, verify, backup now), headings at
     * {@code headingLevel + 1}: README's restore section is this text for a sample.
     */
    public static String commands(BackupModel base, SortedMap<String, BackupModel> environments, int headingLevel) {
        String all = markdown(base, environments, headingLevel);
        int from = all.indexOf(COMMANDS_START);
        int to = all.indexOf(COMMANDS_END);
        return all.substring(from + COMMANDS_START.length(), to).strip() + "\n";
    }

    static final String COMMANDS_START = "<!-- commands -->";
    static final String COMMANDS_END = "<!-- /commands -->";

    /**
     * The environment the commands are written for: "production" when the spec has it (a runbook is read in
     * production), else the first environment, else the spec itself.
     */
    static String primary(SortedMap<String, BackupModel> environments) {
        if (environments.containsKey("production")) {
            return "production";
        }
        return environments.isEmpty() ? null : environments.firstKey();
    }

    static Map<String, Object> context(BackupModel base, SortedMap<String, BackupModel> environments,
                                       int headingLevel) {
        String primary = primary(environments);
        BackupModel m = primary == null ? base : environments.get(primary);
        String envFlag = primary == null ? "" : " --env " + primary;
        String ns = m.namespace().isEmpty() ? "" : " -n " + m.namespace();
        String backupgen = "-f " + base.specFile() + envFlag;

        List<Target> targets = new ArrayList<>();
        targets.add(new Target("(spec itself)", "", base.namespace().isEmpty() ? "(kubectl's current)" : base.namespace(),
                KustomizeRenderer.BASE_DIR.substring(0, KustomizeRenderer.BASE_DIR.length() - 1)));
        environments.forEach((name, env) -> targets.add(new Target(name, "--env " + name,
                env.namespace().isEmpty() ? "(kubectl's current)" : env.namespace(), OverlayRenderer.OVERLAYS_DIR + name)));

        String db = m.database().name();
        String ext = "plain".equals(m.config().get("BACKUP_FORMAT")) ? ".sql.gz" : ".dump";
        String firstTier = m.tiers().get(0).name();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("h", "#".repeat(headingLevel));
        c.put("m", m);
        c.put("specFile", base.specFile());
        c.put("primary", primary == null ? "" : primary);
        c.put("targets", targets);
        c.put("multiple", !environments.isEmpty());
        c.put("ns", ns);
        c.put("nsName", m.namespace().isEmpty() ? "the current namespace" : "namespace `" + m.namespace() + "`");
        c.put("args", backupgen);
        c.put("db", db);
        // PostgreSQL names are at most 63 bytes: a long database name is cut before the suffix.
        String suffix = "_restored";
        c.put("restoredDb", (db.length() + suffix.length() > 63 ? db.substring(0, 63 - suffix.length()) : db) + suffix);
        c.put("ext", ext);
        c.put("custom", ".dump".equals(ext));
        c.put("globals", Boolean.parseBoolean(m.config().get("BACKUP_GLOBALS")));
        c.put("example", db + "_" + firstTier + "_20260101_020000" + ext);
        c.put("firstTier", firstTier);
        // the CronJob whose own Job backs up that tier now (its success is what clears BackupTooOld)
        c.put("firstTierCronJob", m.single() != null ? m.single().name() : m.tiers().get(0).job().name());
        c.put("restoreTier", m.config().getOrDefault("RESTORE_TIER", "daily"));
        c.put("backupFirst", Boolean.parseBoolean(m.config().getOrDefault("RESTORE_BACKUP_FIRST", "true")));
        c.put("restoreTemplate", m.restore().enabled());
        c.put("verify", m.verify());
        c.put("verifyTier", m.config().getOrDefault("VERIFY_TIER", "daily"));
        c.put("scratchDb", m.config().getOrDefault("VERIFY_SCRATCH_DB", db + "_verify"));
        c.put("alerts", alerts(m));
        c.put("commandsStart", COMMANDS_START);
        c.put("commandsEnd", COMMANDS_END);
        return c;
    }
}
