package io.backupgen.spec;

import java.util.List;

/** Spec rules of the {@code alerts} section that its schema cannot say. */
final class AlertSpecRules {
    /** Labels every backupgen object carries; a rule label of the same key would be written twice. */
    static final List<String> COMMON_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of");

    private AlertSpecRules() {
    }

    static void check(Spec spec, Origins at, List<Diagnostic> out) {
        Spec.Alerts a = spec.alerts();
        if (a.ruleLabels() != null) {
            for (String key : a.ruleLabels().keySet()) {
                if (COMMON_LABELS.contains(key)) {
                    out.add(at.diagnostic("/alerts/ruleLabels", "label '" + key + "' is set by backupgen on every"
                            + " object", "labels other than " + String.join(", ", COMMON_LABELS),
                            "remove it; your Prometheus ruleSelector can match app.kubernetes.io/part-of instead"));
                }
            }
        }
        if (a.runbookBaseUrl() != null && a.runbookBaseUrl().contains("#")) {
            out.add(at.diagnostic("/alerts/runbookBaseUrl", "the runbook URL already has a fragment ('#')",
                    "a URL without '#'", "each alert adds #<alert name in lower case> itself"));
        }
    }
}
