package io.backupgen.alerts;

import java.util.List;
import java.util.Map;

/**
 * The alerting part of the model: what the PrometheusRule holds and the thresholds it was built from.
 * Templates only lay this out.
 *
 * @param enabled    render the PrometheusRule (the thresholds are computed either way: verification uses them)
 * @param ruleName   the PrometheusRule's name, {@code <slug>-backup-alerts}
 * @param ruleLabels extra labels on the PrometheusRule object (a Prometheus ruleSelector's)
 * @param group      the one rule group's name
 * @param rules      the alerting rules, in a stable order
 * @param maxAge     tier name, or {@code verify}, to how old its last success may be while healthy;
 *                   only jobs whose schedule runs at all
 */
public record Alerts(boolean enabled, String ruleName, Map<String, String> ruleLabels, String group,
                     List<Rule> rules, Map<String, MaxAge> maxAge) {

    /** No PrometheusRule and no thresholds. */
    public static Alerts none() {
        return new Alerts(false, "", Map.of(), "", List.of(), Map.of());
    }

    /**
     * One alerting rule as prometheus-operator's CRD holds it.
     *
     * @param forDuration empty: fire as soon as the expression holds
     */
    public record Rule(String alert, String expr, String forDuration, Map<String, String> labels,
                       Map<String, String> annotations) {
    }
}
