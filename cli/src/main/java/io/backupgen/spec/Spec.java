package io.backupgen.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The spec after layering (built-in defaults, then a profile, then the user's file). Every field
 * that has a default is set; fields documented as derived may be null and are resolved by the model.
 * These types mirror {@code backupgen-spec.schema.json}, which is the public contract.
 */
public record Spec(Project project, Database database, Image image, Tiers tiers, Storage storage, Backup backup,
                   Restore restore, Verify verify, Security security,
                   // Fitting real clusters (issue 12): placement, identity, network fence.
                   Pod pod, ServiceAccount serviceAccount, NetworkPolicy networkPolicy,
                   // Knowing when backups fail (issue 10).
                   Alerts alerts, Metrics metrics,
                   // Cluster-native engines (issue 14); database.cnpg is the third.
                   SnapshotsSpec snapshots, VeleroSpec velero,
                   // Off-site copies in object storage (issue 9).
                   OffsiteSpec offsite) {

    public record Project(String name, String slug, String namespace) {
    }

    /** @param cnpg the CloudNativePG layer ({@link CnpgSpec}), off unless its cluster is named */
    public record Database(String engine, String host, int port, String name, int postgresVersion,
                           Credentials credentials, boolean crossNamespace, CnpgSpec cnpg) {
    }

    public record Credentials(String secretName, String usernameKey, String passwordKey) {
    }

    public record Image(String repository, String tag, String digest, String pullPolicy) {
    }

    /** @param mode {@code separate} (a CronJob per tier) or {@code single} (one dump filed into every tier) */
    public record Tiers(Tier daily, Tier weekly, Tier monthly, String mode) {
        public boolean single() {
            return "single".equals(mode);
        }

        /** In schedule order, which is also the order objects are rendered in. */
        public Map<String, Tier> byName() {
            return Map.of("daily", daily, "weekly", weekly, "monthly", monthly);
        }
    }

    public record Tier(boolean enabled, String schedule, String timeZone, int keep, boolean suspend,
                       int startingDeadlineSeconds, int activeDeadlineSeconds, int backoffLimit,
                       int successfulJobsHistoryLimit, int failedJobsHistoryLimit, Resources resources, Pod pod) {
    }

    public record Resources(CpuMemory requests, CpuMemory limits) {
    }

    public record CpuMemory(String cpu, String memory) {
    }

    /** @param mode {@code volume} (the PVC) or {@code scratch} (an emptyDir per pod; needs offsite) */
    public record Storage(String size, String storageClassName, String accessMode, String existingClaim,
                          boolean protect, String mode) {
        public boolean scratch() {
            return "scratch".equals(mode);
        }
    }

    public record Backup(String format, int compressionLevel, boolean globals, boolean noRolePasswords, Pod pod) {
    }

    public record Restore(boolean enabled, String tier, boolean force, boolean backupFirst, int activeDeadlineSeconds,
                          Resources resources, Pod pod) {
    }

    /** @param mode throwaway|server; @param scratchSize derived (storage size) when null */
    public record Verify(boolean enabled, String schedule, String timeZone, String tier, int minTables,
                         int startingDeadlineSeconds, int activeDeadlineSeconds, Resources resources, Pod pod,
                         String mode, String scratchSize) {
    }

    public record Security(IdOrAuto runAsUser, IdOrAuto fsGroup) {
    }

    /** {@code security.runAsUser} and {@code fsGroup}: a fixed ID, or {@code auto} (none written: the platform assigns one). */
    public record IdOrAuto(Integer id) {
        public static final String AUTO = "auto";

        @JsonCreator
        public static IdOrAuto of(Object value) {
            if (value instanceof Number n) {
                return new IdOrAuto(n.intValue());
            }
            if (AUTO.equals(value)) {
                return new IdOrAuto(null);
            }
            throw new IllegalArgumentException("expected an ID or 'auto', got " + value);
        }

        public boolean auto() {
            return id == null;
        }

        @JsonValue
        Object json() {
            return id == null ? AUTO : id;
        }
    }

    /**
     * Placement and metadata of pods, in Kubernetes' own shapes (the schema holds them to Kubernetes'
     * schemas). Every field may be null: not set at this layer.
     */
    public record Pod(Map<String, String> nodeSelector, List<JsonNode> tolerations, JsonNode affinity,
                      String priorityClassName, Map<String, String> annotations, Map<String, String> labels,
                      List<JsonNode> imagePullSecrets) {
    }

    public record ServiceAccount(boolean create, String name, Map<String, String> annotations) {
    }

    /**
     * @param database where the database is; the policy is rendered only when it says so
     * @param dns      the cluster DNS pods; null fields take Kubernetes' usual kube-dns
     */
    public record NetworkPolicy(boolean enabled, DatabaseEndpoint database, Dns dns, List<JsonNode> extraEgress) {
    }

    public record DatabaseEndpoint(JsonNode podSelector, JsonNode namespaceSelector, String cidr, Integer port) {
    }

    public record Dns(JsonNode namespaceSelector, JsonNode podSelector, List<JsonNode> ports) {
    }

    /** The PrometheusRule's switches and knobs; the thresholds themselves are computed by the model. */
    public record Alerts(boolean enabled, Map<String, String> ruleLabels, String runbookBaseUrl, int marginMinutes,
                         int suspendedHours, int volumeFullDays, int volumeUsedPercent, int sizeDropPercent) {
    }

    public record Metrics(String pushgatewayUrl) {
    }
}
