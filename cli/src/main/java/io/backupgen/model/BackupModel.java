package io.backupgen.model;

import java.util.List;
import java.util.Map;

/**
 * Everything the templates need, resolved: names, labels, images, jobs and their environments.
 * Templates only lay this out; any decision (a default, a derived name, a user id, which variables
 * a script gets) is made here.
 *
 * @param specFile  the spec's file name, for comments
 * @param namespace empty when the base leaves it to kubectl's context
 * @param labels    the common labels of every object ({@code app.kubernetes.io/name|component|part-of})
 * @param config    the data of ConfigMap {@code names.configMap}, in order
 * @param scripts   script file name to its exact text, shipped in the scripts ConfigMap
 * @param single    one-dump mode's CronJob {@code <slug>-backup}, which files its dump into every tier;
 *                  null in the default layout of one CronJob per tier
 * @param engines   the parts of the cluster-native engines the spec turns on (CloudNativePG, snapshots,
 *                  Velero), by name; see {@link io.backupgen.model.engines.Engines}
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
        Map<String, String> config,
        List<Tier> tiers,
        Restore restore,
        Verify verify,
        Map<String, String> scripts,
        Job single,
        Map<String, io.backupgen.model.engines.EnginePart> engines) {

    /** Without one-dump mode (the default layout): kept so callers written before it still compile. */
    public BackupModel(String specFile, String projectName, String slug, String namespace, Names names,
                       Map<String, String> labels, Database database, Image image, Security security, Storage storage,
                       Map<String, String> config, List<Tier> tiers, Restore restore, Verify verify,
                       Map<String, String> scripts) {
        this(specFile, projectName, slug, namespace, names, labels, database, image, security, storage, config, tiers,
                restore, verify, scripts, null, Map.of());
    }

    /** This model with the engines' parts (built from the model without them). */
    public BackupModel withEngines(Map<String, io.backupgen.model.engines.EnginePart> parts) {
        return new BackupModel(specFile, projectName, slug, namespace, names, labels, database, image, security, storage,
                config, tiers, restore, verify, scripts, single, parts);
    }

    /** The CronJobs that take backups: one per tier, or the single one-dump job. */
    public List<Job> backupJobs() {
        return single != null ? List.of(single) : tiers.stream().map(Tier::job).toList();
    }

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

    /** One backup tier: its retention and the CronJob that takes it. */
    public record Tier(String name, int keep, String retentionKey, Job job) {
    }

    /** The manual restore, rendered as a suspended CronJob to instantiate with {@code kubectl create job --from}. */
    public record Restore(boolean enabled, Job job) {
    }

    /** The scheduled restore-and-check of the newest backup into a scratch database. */
    public record Verify(boolean enabled, Job job) {
    }

    /**
     * A CronJob running one script in the backup image. All backupgen jobs share the pod layout
     * (security, volumes); they differ in these values.
     *
     * @param type label {@code backup-type}: the tier, or restore / verify
     */
    public record Job(String name, String type, String schedule, String timeZone, boolean suspend,
                      int successfulJobsHistoryLimit, int failedJobsHistoryLimit, int startingDeadlineSeconds,
                      int backoffLimit, int activeDeadlineSeconds, String container, String script, List<EnvVar> env,
                      Resources resources) {
    }

    /** An environment variable from exactly one source: a literal, a ConfigMap key or a Secret key. */
    public record EnvVar(String name, String value, String configMapKey, String secretKey) {
        public static EnvVar literal(String name, String value) {
            return new EnvVar(name, value, null, null);
        }

        public static EnvVar config(String name, String key) {
            return new EnvVar(name, null, key, null);
        }

        public static EnvVar secret(String name, String key) {
            return new EnvVar(name, null, null, key);
        }
    }

    public record Resources(String requestsCpu, String requestsMemory, String limitsCpu, String limitsMemory) {
    }
}
