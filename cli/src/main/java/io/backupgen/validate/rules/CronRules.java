package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.kube.KubeValues;

/** A CronJob's schedule in Kubernetes' cron dialect, and its IANA time zone. */
final class CronRules {
    private CronRules() {
    }

    static void schedule(Document doc, RuleContext ctx, Rule.Sink sink) {
        if (!"CronJob".equals(doc.kind()) || !Nodes.isBatch(doc)) {
            return;
        }
        JsonNode schedule = doc.body().path("spec").get("schedule");
        if (schedule == null || !schedule.isTextual()) {
            return; // missing or of the wrong type: the schema's to report
        }
        boolean hasTimeZone = Nodes.text(doc.body().path("spec").get("timeZone")) != null;
        KubeValues.cron(schedule.asText(), hasTimeZone).ifPresent(p -> {
            if (p.error()) {
                sink.error("spec.schedule", p.message());
            } else {
                sink.warning("spec.schedule", p.message());
            }
        });
    }

    static void timeZone(Document doc, RuleContext ctx, Rule.Sink sink) {
        if (!"CronJob".equals(doc.kind()) || !Nodes.isBatch(doc)) {
            return;
        }
        JsonNode tz = doc.body().path("spec").get("timeZone");
        if (tz == null || !tz.isTextual()) {
            return;
        }
        KubeValues.timeZoneProblem(tz.asText()).ifPresent(m -> sink.error("spec.timeZone", m));
    }
}
