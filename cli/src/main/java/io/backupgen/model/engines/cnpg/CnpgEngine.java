package io.backupgen.model.engines.cnpg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.EnginePart;
import io.backupgen.model.engines.EngineSupport;
import io.backupgen.spec.CnpgSpec;
import io.backupgen.spec.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** CloudNativePG base backups and WAL archiving of the user's Cluster, for point-in-time recovery. */
public final class CnpgEngine implements Engine {
    public static final String NAME = "cnpg";
    /** Placeholders of the recovery manifest, replaced by whoever recovers (docs/engines.md). */
    public static final String TARGET_TIME = "TARGET_TIME";
    public static final String SNAPSHOT_NAME = "SNAPSHOT_NAME";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<EnginePart> build(Spec spec, BackupModel core, boolean suspendAll) {
        CnpgSpec c = spec.database().cnpg();
        if (!c.enabled()) {
            return Optional.empty();
        }
        ObjectStoreSettings store = objectStore(spec);
        String serverName = EngineSupport.orDefault(c.objectStore().serverName(), c.cluster());
        return Optional.of(new CnpgPart(c.cluster(), core.slug() + "-cnpg", c.method(), archive(c), schedule(c.schedule()),
                c.schedule(), c.suspend() || suspendAll, c.target(), c.volumeSnapshotClassName(), store, serverName,
                core.slug() + "-cnpg-store", CnpgPart.PLUGIN,
                new CnpgPart.Recovery(c.cluster() + "-recovery", c.cluster() + "-archive", c.recovery().storageSize(),
                        c.recovery().storageClassName(), imageName(spec), TARGET_TIME,
                        c.method().equals("volumeSnapshot") ? SNAPSHOT_NAME : ""),
                c.windowSeconds(), keep(c.schedule(), store.retentionPolicy()), suspendAll));
    }

    /**
     * Where base backups and WAL go. Issue 9 (off-site storage): when the spec has an {@code offsite}
     * section and {@code database.cnpg.objectStore.destinationPath} is empty, build the settings from
     * it here (and relax the rule in spec/EngineRules that requires destinationPath).
     */
    static ObjectStoreSettings objectStore(Spec spec) {
        return ObjectStoreSettings.of(spec.database().cnpg().objectStore());
    }

    /** With the object-store methods the archive is the method; volumeSnapshot archives WAL in-tree unless told. */
    static String archive(CnpgSpec c) {
        if (!c.method().equals("volumeSnapshot")) {
            return c.method();
        }
        return c.archive().isEmpty() ? "barmanObjectStore" : c.archive();
    }

    /**
     * CloudNativePG's schedule has a seconds field first (robfig/cron's six-field Parse): a five-field
     * schedule gets "0 " in front; a descriptor such as @daily reads the same in both.
     */
    static String schedule(String fiveFields) {
        String s = fiveFields.strip();
        return s.startsWith("@") ? s : "0 " + s.replaceAll("\\s+", " ");
    }

    static String imageName(Spec spec) {
        return EngineSupport.orDefault(spec.database().cnpg().recovery().imageName(),
                "ghcr.io/cloudnative-pg/postgresql:" + spec.database().postgresVersion());
    }

    /** Base backups kept by a recovery window of {@code policy} (barman: the window, plus the one before it). */
    static int keep(String schedule, String policy) {
        int n = Integer.parseInt(policy.substring(0, policy.length() - 1));
        Duration window = switch (policy.charAt(policy.length() - 1)) {
            case 'w' -> Duration.ofDays(7L * n);
            case 'm' -> Duration.ofDays(31L * n);
            default -> Duration.ofDays(n);
        };
        Duration gap = EngineSupport.longestGap(schedule, "UTC");
        return (int) Math.min(1000, (window.getSeconds() + gap.getSeconds() - 1) / gap.getSeconds() + 1);
    }

    @Override
    public List<ChartFile> chartFiles() {
        return List.of(new ChartFile("_cnpg.tpl", "engines/cnpg/chart/_cnpg.tpl", false),
                new ChartFile("cnpg-scheduledbackup.yaml", "engines/cnpg/chart/cnpg-scheduledbackup.yaml", false),
                new ChartFile("cnpg-objectstore.yaml", "engines/cnpg/chart/cnpg-objectstore.yaml", false),
                new ChartFile("cnpg-recovery-cluster.yaml", "engines/cnpg/chart/cnpg-recovery-cluster.yaml", false));
    }

    private static final String P = "database.cnpg.";

    @Override
    public List<ChartValue> chartValues() {
        List<ChartValue> out = new ArrayList<>();
        out.add(new ChartValue(P + "enabled", EngineSupport.schema("boolean",
                "Render the CloudNativePG ScheduledBackup (and ObjectStore with the plugin): the spec names database.cnpg.cluster.")));
        for (String f : List.of("cluster", "method", "archive")) {
            out.add(ChartValue.spec(P + f));
        }
        out.add(new ChartValue(P + "schedule", EngineSupport.schema("string",
                "The ScheduledBackup's schedule as CloudNativePG reads it: six fields, seconds first, in UTC.")));
        for (String f : List.of("suspend", "target", "volumeSnapshotClassName", "objectStore.destinationPath",
                "objectStore.endpointURL", "objectStore.endpointCA.secretName", "objectStore.endpointCA.key",
                "objectStore.credentials.secretName", "objectStore.credentials.accessKeyIdKey",
                "objectStore.credentials.secretAccessKeyKey", "objectStore.serverName", "objectStore.compression",
                "objectStore.encryption", "objectStore.retentionPolicy")) {
            out.add(ChartValue.spec(P + f));
        }
        out.add(new ChartValue(P + "recovery.targetTime", EngineSupport.schema("string",
                "Set it to render the recovery Cluster <cluster>-recovery, recovered to this time (RFC 3339, e.g."
                        + " 2025-03-24T09:14:00Z): helm template ... --set database.cnpg.recovery.targetTime=T"
                        + " --show-only templates/cnpg-recovery-cluster.yaml")));
        out.add(new ChartValue(P + "recovery.snapshotName", EngineSupport.schema("string",
                "With method volumeSnapshot: the VolumeSnapshot the recovery Cluster starts from.")));
        for (String f : List.of("recovery.storageSize", "recovery.storageClassName", "recovery.imageName")) {
            out.add(ChartValue.spec(P + f));
        }
        return out;
    }

    @Override
    public Map<String, JsonNode> chartValues(Spec spec, BackupModel model) {
        CnpgSpec c = spec.database().cnpg();
        JsonNodeFactory f = JsonNodeFactory.instance;
        boolean suspendAll = model.engines().get(NAME) instanceof CnpgPart p && p.suspendAll();
        CnpgSpec.ObjectStore s = c.objectStore();
        Map<String, JsonNode> v = new LinkedHashMap<>();
        v.put(P + "enabled", f.booleanNode(c.enabled()));
        v.put(P + "cluster", f.textNode(c.cluster()));
        v.put(P + "method", f.textNode(c.method()));
        v.put(P + "archive", f.textNode(archive(c)));
        v.put(P + "schedule", f.textNode(schedule(c.schedule())));
        v.put(P + "suspend", f.booleanNode(c.suspend() || suspendAll));
        v.put(P + "target", f.textNode(c.target()));
        v.put(P + "volumeSnapshotClassName", f.textNode(c.volumeSnapshotClassName()));
        v.put(P + "objectStore.destinationPath", f.textNode(s.destinationPath()));
        v.put(P + "objectStore.endpointURL", f.textNode(s.endpointURL()));
        v.put(P + "objectStore.endpointCA.secretName", f.textNode(s.endpointCA().secretName()));
        v.put(P + "objectStore.endpointCA.key", f.textNode(s.endpointCA().key()));
        v.put(P + "objectStore.credentials.secretName", f.textNode(s.credentials().secretName()));
        v.put(P + "objectStore.credentials.accessKeyIdKey", f.textNode(s.credentials().accessKeyIdKey()));
        v.put(P + "objectStore.credentials.secretAccessKeyKey", f.textNode(s.credentials().secretAccessKeyKey()));
        v.put(P + "objectStore.serverName", f.textNode(EngineSupport.orDefault(s.serverName(), c.cluster())));
        v.put(P + "objectStore.compression", f.textNode(s.compression()));
        v.put(P + "objectStore.encryption", f.textNode(s.encryption()));
        v.put(P + "objectStore.retentionPolicy", f.textNode(s.retentionPolicy()));
        v.put(P + "recovery.targetTime", f.textNode(""));
        v.put(P + "recovery.snapshotName", f.textNode(""));
        v.put(P + "recovery.storageSize", f.textNode(c.recovery().storageSize()));
        v.put(P + "recovery.storageClassName", f.textNode(c.recovery().storageClassName()));
        v.put(P + "recovery.imageName", f.textNode(imageName(spec)));
        return v;
    }
}
