package io.backupgen.model.engines.snapshots;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.EnginePart;
import io.backupgen.model.engines.EngineSupport;
import io.backupgen.spec.SnapshotsSpec;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Scheduled CSI VolumeSnapshots with pruning (seed 001's snapshot strategy, seed 002's scheduler). */
public final class SnapshotEngine implements Engine {
    public static final String NAME = "snapshots";
    static final String SCRIPT = "/templates/engines/snapshots/snapshot.sh";
    private static final List<String> TIER_FIELDS = List.of("enabled", "schedule", "timeZone", "keep", "suspend");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<EnginePart> build(Spec spec, BackupModel core, boolean suspendAll) {
        SnapshotsSpec s = spec.snapshots();
        if (!s.enabled()) {
            return Optional.empty();
        }
        List<SnapshotPart.Tier> tiers = new ArrayList<>();
        s.tiers().byName().forEach((name, t) -> {
            if (t.enabled()) {
                tiers.add(new SnapshotPart.Tier(name, core.slug() + "-snap-" + name, t.schedule(), t.timeZone(), t.keep(),
                        t.suspend() || suspendAll));
            }
        });
        return Optional.of(new SnapshotPart(core.slug() + "-snapshot", core.slug() + "-snapshot-script",
                s.volumeSnapshotClassName(), String.join(" ", s.pvcs()), selector(s.selector()), core.slug(), s.image(),
                s.runAsUser(), s.readyTimeoutSeconds(), s.startingDeadlineSeconds(), s.activeDeadlineSeconds(),
                new BackupModel.Resources(s.resources().requests().cpu(), s.resources().requests().memory(),
                        s.resources().limits().cpu(), s.resources().limits().memory()),
                List.copyOf(tiers), readScript(), suspendAll));
    }

    /** matchLabels as kubectl's {@code -l}: keys sorted, as Go templates range over a map. */
    static String selector(Map<String, String> labels) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(labels).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** snapshot.sh, for the chart's ConfigMap (present whether or not the spec turns snapshots on). */
    public String script() {
        return readScript();
    }

    /** snapshot.sh, shipped byte for byte; the chart embeds it too, so it must hold no Go template action. */
    static String readScript() {
        String text = EngineSupport.resource(SCRIPT);
        if (text.contains("{{")) {
            throw new IllegalStateException(SCRIPT + " must not contain '{{' (the chart embeds it as is)");
        }
        return text;
    }

    @Override
    public List<ChartFile> chartFiles() {
        return List.of(new ChartFile("snapshot-cronjob.yaml", "engines/snapshots/chart/snapshot-cronjob.yaml", false),
                new ChartFile("snapshot-rbac.yaml", "engines/snapshots/chart/snapshot-rbac.yaml", false),
                new ChartFile("snapshot-script-configmap.yaml",
                        "engines/snapshots/chart/snapshot-script-configmap.yaml.peb", true));
    }

    @Override
    public List<ChartValue> chartValues() {
        List<ChartValue> out = new ArrayList<>();
        for (String f : List.of("enabled", "volumeSnapshotClassName", "pvcs", "selector", "image", "runAsUser",
                "readyTimeoutSeconds", "startingDeadlineSeconds", "activeDeadlineSeconds",
                "resources.requests.cpu", "resources.requests.memory", "resources.limits.cpu", "resources.limits.memory")) {
            out.add(ChartValue.spec("snapshots." + f));
        }
        for (String tier : List.of("hourly", "daily", "weekly")) {
            for (String f : TIER_FIELDS) {
                String p = "snapshots.tiers." + tier + "." + f;
                out.add(ChartValue.spec(p));
            }
        }
        return out;
    }

    @Override
    public Map<String, JsonNode> chartValues(Spec spec, BackupModel model) {
        SnapshotsSpec s = spec.snapshots();
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put("snapshots.enabled", f.booleanNode(s.enabled()));
        v.put("snapshots.volumeSnapshotClassName", f.textNode(s.volumeSnapshotClassName()));
        v.put("snapshots.pvcs", EngineSupport.json(s.pvcs()));
        v.put("snapshots.selector", EngineSupport.json(new TreeMap<>(s.selector())));
        v.put("snapshots.image", f.textNode(s.image()));
        v.put("snapshots.runAsUser", f.numberNode(s.runAsUser()));
        v.put("snapshots.readyTimeoutSeconds", f.numberNode(s.readyTimeoutSeconds()));
        v.put("snapshots.startingDeadlineSeconds", f.numberNode(s.startingDeadlineSeconds()));
        v.put("snapshots.activeDeadlineSeconds", f.numberNode(s.activeDeadlineSeconds()));
        v.put("snapshots.resources.requests.cpu", f.textNode(s.resources().requests().cpu()));
        v.put("snapshots.resources.requests.memory", f.textNode(s.resources().requests().memory()));
        v.put("snapshots.resources.limits.cpu", f.textNode(s.resources().limits().cpu()));
        v.put("snapshots.resources.limits.memory", f.textNode(s.resources().limits().memory()));
        // An environment's suspend: true suspends every tier, as the model does.
        boolean suspendAll = model.engines().get(NAME) instanceof SnapshotPart p && p.suspendAll();
        s.tiers().byName().forEach((name, t) -> {
            String p = "snapshots.tiers." + name + ".";
            v.put(p + "enabled", f.booleanNode(t.enabled()));
            v.put(p + "schedule", f.textNode(t.schedule()));
            v.put(p + "timeZone", f.textNode(t.timeZone()));
            v.put(p + "keep", f.numberNode(t.keep()));
            v.put(p + "suspend", f.booleanNode(t.suspend() || suspendAll));
        });
        return v;
    }
}
