package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.alerts.MaxAge;
import io.backupgen.model.BackupModel;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chart's alerting values: the spec's alert knobs, and each job's "too old" threshold as backupgen
 * computed it. A Go template cannot walk a cron schedule through a year of daylight-saving switches,
 * so the threshold is a value, written beside the schedule it was computed from
 * ({@code basis}); the chart's template refuses to render when they disagree.
 */
final class AlertValues {
    /** Spec fields the chart carries as they are. */
    static final List<String> SPEC_LEAVES = List.of("alerts.enabled", "alerts.ruleLabels", "alerts.runbookBaseUrl",
            "alerts.suspendedHours", "alerts.volumeFullDays", "alerts.volumeUsedPercent", "alerts.sizeDropPercent");
    /**
     * weeklyFiled/monthlyFiled: the thresholds of those tiers in one-dump mode (filed from the daily job's
     * dumps), beside their own-schedule ones, so that tiers.mode stays one value away.
     */
    static final List<String> JOBS = List.of("daily", "weekly", "monthly", "weeklyFiled", "monthlyFiled", "verify");
    static final String METRICS_LEAF = "metrics.pushgatewayUrl";

    private AlertValues() {
    }

    /** The computed leaves, after the spec's: alerts.maxAge.&lt;job&gt;.seconds and .basis. */
    static List<String> computedLeaves() {
        List<String> out = new ArrayList<>();
        for (String job : JOBS) {
            out.add("alerts.maxAge." + job + ".seconds");
            out.add("alerts.maxAge." + job + ".idleSeconds");
            out.add("alerts.maxAge." + job + ".basis");
        }
        return out;
    }

    /** The schema of a computed leaf, or empty for a leaf the spec's schema describes. */
    static Optional<ObjectNode> computedSchema(String path) {
        if (!path.startsWith("alerts.maxAge.")) {
            return Optional.empty();
        }
        String job = path.split("\\.")[2];
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        if (path.endsWith(".idleSeconds")) {
            s.put("type", "integer");
            s.put("description", "Computed by backupgen, do not edit: the " + job + " threshold while no Job of the"
                    + " CronJob runs (longest gap + startingDeadlineSeconds + alerts margin; 0: never runs).");
            s.put("minimum", 0);
        } else if (path.endsWith(".seconds")) {
            s.put("type", "integer");
            s.put("description", "Computed by backupgen, do not edit: how old the last successful " + job
                    + " run may be before BackupTooOld fires (longest gap between runs over a year in the time zone"
                    + " + startingDeadlineSeconds + activeDeadlineSeconds + alerts margin; 0: the schedule never runs).");
            s.put("minimum", 0);
        } else {
            s.put("type", "string");
            s.put("description", "Computed by backupgen, do not edit: the schedule, time zone and deadlines the " + job
                    + " threshold was computed from; the chart fails to render when they no longer match.");
        }
        return Optional.of(s);
    }

    static void put(Map<String, JsonNode> v, ChartValues.Source source) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Spec.Alerts a = source.spec().alerts();
        v.put("alerts.enabled", f.booleanNode(source.model().alerts().enabled()));
        ObjectNode labels = f.objectNode();
        source.model().alerts().ruleLabels().forEach(labels::put);
        v.put("alerts.ruleLabels", labels);
        v.put("alerts.runbookBaseUrl", f.textNode(a.runbookBaseUrl()));
        v.put("alerts.suspendedHours", f.numberNode(a.suspendedHours()));
        v.put("alerts.volumeFullDays", f.numberNode(a.volumeFullDays()));
        v.put("alerts.volumeUsedPercent", f.numberNode(a.volumeUsedPercent()));
        v.put("alerts.sizeDropPercent", f.numberNode(a.sizeDropPercent()));
        int margin = a.marginMinutes() * 60;
        for (String job : JOBS) {
            // The model's own functions, from the jobs as the values describe them (enabled or not).
            BackupModel.Job daily = tierJob(source, "daily");
            Optional<MaxAge> m;
            if (job.endsWith("Filed")) {
                String tier = job.substring(0, job.length() - "Filed".length());
                m = MaxAge.filed(tier, daily.schedule(), daily.timeZone(), daily.startingDeadlineSeconds(),
                        daily.activeDeadlineSeconds(), margin);
            } else {
                BackupModel.Job own = job.equals("verify") ? source.model().verify().job() : tierJob(source, job);
                m = MaxAge.of(own.schedule(), own.timeZone(), own.startingDeadlineSeconds(),
                        own.activeDeadlineSeconds(), margin);
            }
            v.put("alerts.maxAge." + job + ".seconds", f.numberNode(Math.toIntExact(m.map(MaxAge::seconds).orElse(0L))));
            v.put("alerts.maxAge." + job + ".idleSeconds", f.numberNode(Math.toIntExact(m.map(MaxAge::idleSeconds).orElse(0L))));
            v.put("alerts.maxAge." + job + ".basis", f.textNode(m.map(MaxAge::basis).orElse("")));
        }
    }

    private static BackupModel.Job tierJob(ChartValues.Source source, String tier) {
        return source.allTiers().stream().filter(t -> t.name().equals(tier)).findFirst().orElseThrow().job();
    }

    static void putMetrics(Map<String, JsonNode> v, ChartValues.Source source) {
        v.put(METRICS_LEAF, JsonNodeFactory.instance.textNode(source.spec().metrics().pushgatewayUrl()));
    }
}
