package io.backupgen.model.engines.velero;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.EnginePart;
import io.backupgen.model.engines.EngineSupport;
import io.backupgen.spec.Slugs;
import io.backupgen.spec.Spec;
import io.backupgen.spec.VeleroSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A Velero Schedule for the namespace (seed 004), its TTL from the retention. */
public final class VeleroEngine implements Engine {
    public static final String NAME = "velero";
    /**
     * Velero names each backup {@code <schedule>-<yyyyMMddHHmmss>} and labels it with both names;
     * label values hold 63 characters, so the Schedule's name is kept to 63 - 15.
     */
    static final int MAX_NAME = 48;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<EnginePart> build(Spec spec, BackupModel core, boolean suspendAll) {
        VeleroSpec v = spec.velero();
        if (!v.enabled()) {
            return Optional.empty();
        }
        VeleroSpec.Checkpoint c = v.checkpoint();
        VeleroPart.Checkpoint checkpoint = c.enabled() ? new VeleroPart.Checkpoint(new TreeMap<>(c.podSelector()),
                c.container(), command(c.user()), c.timeoutSeconds() + "s") : null;
        return Optional.of(new VeleroPart(name(core), v.namespace(), core.namespace(), v.schedule(), v.keep(),
                ttl(v.schedule(), v.keep()), v.suspend() || suspendAll, v.storageLocation(), v.snapshotVolumes(),
                core.slug(), checkpoint, suspendAll));
    }

    /**
     * {@code <slug>}, or {@code <slug>-<namespace>} when the namespace is another name: Schedules of
     * several namespaces (staging, production) share Velero's namespace.
     */
    static String name(BackupModel core) {
        String ns = core.namespace();
        return Slugs.shorten(ns.isEmpty() || ns.equals(core.slug()) ? core.slug() : core.slug() + "-" + ns, MAX_NAME);
    }

    /** psql over the pod's local socket: no password, no network. */
    static List<String> command(String user) {
        return List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", "postgres", "-c", "CHECKPOINT");
    }

    /**
     * Each backup expires after keep times the longest time between two runs (UTC, as Velero reads
     * the schedule), so at least keep backups exist at any moment; written as Go prints a Duration.
     */
    static String ttl(String schedule, int keep) {
        Duration d = EngineSupport.longestGap(schedule, "UTC").multipliedBy(keep);
        long s = d.getSeconds();
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }

    @Override
    public List<ChartFile> chartFiles() {
        return List.of(new ChartFile("velero-schedule.yaml", "engines/velero/chart/velero-schedule.yaml", false));
    }

    @Override
    public List<ChartValue> chartValues() {
        List<ChartValue> out = new ArrayList<>();
        out.add(ChartValue.spec("velero.enabled"));
        out.add(ChartValue.spec("velero.namespace"));
        out.add(ChartValue.spec("velero.schedule"));
        out.add(new ChartValue("velero.ttl", EngineSupport.schema("string",
                "How long each backup is kept, a Go duration (derived: velero.keep times the longest time between"
                        + " two runs).")));
        out.add(ChartValue.spec("velero.suspend"));
        for (String f : List.of("storageLocation", "snapshotVolumes", "checkpoint.podSelector", "checkpoint.container",
                "checkpoint.user", "checkpoint.timeoutSeconds")) {
            out.add(ChartValue.spec("velero." + f));
        }
        return out;
    }

    @Override
    public Map<String, JsonNode> chartValues(Spec spec, BackupModel model) {
        VeleroSpec v = spec.velero();
        JsonNodeFactory f = JsonNodeFactory.instance;
        boolean suspendAll = model.engines().get(NAME) instanceof VeleroPart p && p.suspendAll();
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("velero.enabled", f.booleanNode(v.enabled()));
        out.put("velero.namespace", f.textNode(v.namespace()));
        out.put("velero.schedule", f.textNode(v.schedule()));
        out.put("velero.ttl", f.textNode(ttl(v.schedule(), v.keep())));
        out.put("velero.suspend", f.booleanNode(v.suspend() || suspendAll));
        out.put("velero.storageLocation", f.textNode(v.storageLocation()));
        out.put("velero.snapshotVolumes", f.booleanNode(v.snapshotVolumes()));
        out.put("velero.checkpoint.podSelector", EngineSupport.json(new TreeMap<>(v.checkpoint().podSelector())));
        out.put("velero.checkpoint.container", f.textNode(v.checkpoint().container()));
        out.put("velero.checkpoint.user", f.textNode(v.checkpoint().user()));
        out.put("velero.checkpoint.timeoutSeconds", f.numberNode(v.checkpoint().timeoutSeconds()));
        return out;
    }
}
