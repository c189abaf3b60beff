package io.backupgen.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the templates need, resolved: names, labels, images, tiers. Templates only lay this
 * out; any decision (a default, a derived name, a choice of user id) is made here.
 *
 * @param specFile  the spec's file name, for comments
 * @param namespace empty when the base leaves it to kubectl's context
 * @param labels    the common labels of every object ({@code app.kubernetes.io/name|component|part-of})
 * @param scripts   script file name to its exact bytes (as text), shipped in the scripts ConfigMap
 */
public record BackupModel(
        String specFile,
        String projectName,
        String slug,
        String namespace,
        Names names,
        Map<String, String> labels,
        Database database,
        Image image,
        Security security,
        Storage storage,
        Dump dump,
        List<Tier> tiers,
        Map<String, String> scripts) {

    public record Names(String configMap, String scriptsConfigMap, String pvc, String serviceAccount,
                        String credentialsSecret) {
    }

    public record Database(String engine, String host, int port, String name, int postgresVersion,
                           String usernameKey, String passwordKey) {
    }

    public record Image(String reference, String pullPolicy) {
    }

    public record Security(int runAsUser, int runAsGroup, int fsGroup) {
    }

    public record Storage(String size, String storageClassName, String accessMode) {
    }

    public record Dump(String format, int compressionLevel, boolean globals, boolean noRolePasswords) {
    }

    public record Tier(String name, String cronJobName, String schedule, String timeZone, int keep, boolean suspend,
                       int startingDeadlineSeconds, int activeDeadlineSeconds, int backoffLimit,
                       int successfulJobsHistoryLimit, int failedJobsHistoryLimit, Resources resources) {
        /** ConfigMap key holding this tier's retention, as seed 000's contract names it. */
        public String retentionKey() {
            return "BACKUP_RETENTION_" + name.toUpperCase(java.util.Locale.ROOT);
        }
    }

    public record Resources(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {
    }
}
