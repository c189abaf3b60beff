package io.backupgen.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.ScheduledJobs.Filing;
import io.backupgen.schedule.DstEffect;
import io.backupgen.schedule.Gap;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** {@link Plan} for machines: times as RFC 3339 with the zone's offset, durations in seconds. */
public final class PlanJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {
    }

    public static String format(Plan p) {
        ObjectNode root = JSON.createObjectNode();
        root.put("project", p.project());
        root.put("environment", p.environment());
        root.put("from", PlanText.utc(p.from()));
        root.put("until", PlanText.utc(p.until()));
        root.put("findings", p.hasFindings());
        ArrayNode jobs = root.putArray("jobs");
        for (Plan.JobPlan jp : p.jobs()) {
            ObjectNode j = jobs.addObject();
            j.put("name", jp.job().job());
            j.put("purpose", jp.job().purpose());
            j.put("schedule", jp.job().schedule());
            j.put("timeZone", jp.job().timeZone());
            j.put("suspended", jp.job().suspended());
            j.put("windowSeconds", jp.job().windowSeconds());
            j.put("volume", jp.job().volume() == null ? null : jp.job().volume().claim());
            j.put("database", jp.job().database());
            ArrayNode tiers = j.putArray("tiers");
            for (Filing f : jp.job().filings()) {
                tiers.addObject().put("tier", f.tier()).put("keep", f.keep()).put("files", f.period().name());
            }
            ArrayNode next = j.putArray("next");
            jp.next().forEach(t -> next.add(time(t)));
            ArrayNode dst = j.putArray("dst");
            for (DstEffect e : jp.dst()) {
                ObjectNode d = dst.addObject().put("date", e.date().toString());
                e.skipped().forEach(t -> d.withArray("skipped").add(t.toString()));
                e.twice().forEach(t -> d.withArray("twice").add(t.toString()));
            }
            gap(j, "longestGap", jp.longestGap());
        }
        ArrayNode overlaps = root.putArray("overlaps");
        for (Plan.Overlap o : p.overlaps()) {
            ObjectNode n = overlaps.addObject().put("job", o.job()).put("other", o.other()).put("shared", o.shared())
                    .put("count", o.count()).put("certain", o.certain());
            o.first().forEach(t -> n.withArray("first").add(time(t)));
        }
        gap(root, "rpo", p.rpo());
        ArrayNode horizons = root.putArray("horizons");
        for (Plan.Horizon h : p.horizons()) {
            horizons.addObject().put("tier", h.tier()).put("job", h.job()).put("keep", h.keep())
                    .put("atLeastSeconds", h.atLeast().toSeconds()).put("atMostSeconds", h.atMost().toSeconds());
        }
        root.put("overallHorizonSeconds", p.overallHorizon().toSeconds());
        Plan.Storage s = p.storage();
        if (s == null) {
            root.putNull("storage");
        } else {
            root.putObject("storage").put("dbBytes", s.dbBytes()).put("compressionRatio", s.compressionRatio())
                    .put("dumpBytes", s.dumpBytes()).put("dumpsKept", s.dumpsKept())
                    .put("dumpsKeptIfCopied", s.dumpsKeptIfCopied()).put("margin", s.margin())
                    .put("prerestoreKept", s.prerestoreKept()).put("neededBytes", s.neededBytes())
                    .put("neededBytesIfCopied", s.neededBytesIfCopied()).put("pvcSize", s.pvcSize())
                    .put("pvcBytes", s.pvcBytes()).put("fits", s.fits());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void gap(ObjectNode at, String name, Gap g) {
        if (g == null) {
            at.putNull(name);
            return;
        }
        at.putObject(name).put("from", time(g.from())).put("to", time(g.to())).put("seconds", seconds(g.length()));
    }

    private static long seconds(Duration d) {
        return d.toSeconds();
    }

    private static String time(ZonedDateTime t) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
    }
}
