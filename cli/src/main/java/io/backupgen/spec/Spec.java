package io.backupgen.spec;

import java.util.Map;

/**
 * The spec after layering (built-in defaults, then a profile, then the user's file). Every field
 * that has a default is set; fields documented as derived may be null and are resolved by the model.
 * These types mirror {@code backupgen-spec.schema.json}, which is the public contract.
 */
public record Spec(Project project, Database database, Image image, Tiers tiers, Storage storage, Backup backup,
                   Restore restore, Verify verify, Security security,
                   SnapshotsSpec snapshots, VeleroSpec velero) {

    public record Project(String name, String slug, String namespace) {
    }

    /** @param cnpg the CloudNativePG layer ({@link CnpgSpec}), off unless its cluster is named */
    public record Database(String engine, String host, int port, String name, int postgresVersion,
                           Credentials credentials, CnpgSpec cnpg) {
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
                       int successfulJobsHistoryLimit, int failedJobsHistoryLimit, Resources resources) {
    }

    public record Resources(CpuMemory requests, CpuMemory limits) {
    }

    public record CpuMemory(String cpu, String memory) {
    }

    public record Storage(String size, String storageClassName, String accessMode) {
    }

    public record Backup(String format, int compressionLevel, boolean globals, boolean noRolePasswords) {
    }

    public record Restore(boolean enabled, String tier, boolean force, boolean backupFirst, int activeDeadlineSeconds,
                          Resources resources) {
    }

    public record Verify(boolean enabled, String schedule, String timeZone, String tier, int minTables,
                         int startingDeadlineSeconds, int activeDeadlineSeconds, Resources resources) {
    }

    public record Security(Integer runAsUser, Integer fsGroup) {
    }
}
