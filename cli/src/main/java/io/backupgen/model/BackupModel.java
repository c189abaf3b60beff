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
 * @param serviceAccount the pods' ServiceAccount ({@code names.serviceAccount}), rendered or existing
 * @param networkPolicy  the fence around the pods; rendered only when {@code enabled}
 * @param alerts    the PrometheusRule's rules and every job's staleness threshold (see io.backupgen.alerts)
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
        ServiceAccount serviceAccount,
        NetworkPolicy networkPolicy,
        io.backupgen.alerts.Alerts alerts,
        Map<String, io.backupgen.model.engines.EnginePart> engines,
        io.backupgen.model.offsite.Offsite offsite) {

    /** Without off-site copies (issue 9): kept so callers written before them still compile. */
    public BackupModel(String specFile, String projectName, String slug, String namespace, Names names,
                       Map<String, String> labels, Database database, Image image, Security security, Storage storage,
                       Map<String, String> config, List<Tier> tiers, Restore restore, Verify verify,
                       Map<String, String> scripts, Job single, ServiceAccount serviceAccount,
                       NetworkPolicy networkPolicy, io.backupgen.alerts.Alerts alerts,
                       Map<String, io.backupgen.model.engines.EnginePart> engines) {
        this(specFile, projectName, slug, namespace, names, labels, database, image, security, storage, config, tiers,
                restore, verify, scripts, single, serviceAccount, networkPolicy, alerts, engines, null);
    }

    /**
     * Without one-dump mode (the default layout), backupgen's own ServiceAccount and no NetworkPolicy:
     * kept so callers written before them still compile.
     */
    public BackupModel(String specFile, String projectName, String slug, String namespace, Names names,
                       Map<String, String> labels, Database database, Image image, Security security, Storage storage,
                       Map<String, String> config, List<Tier> tiers, Restore restore, Verify verify,
                       Map<String, String> scripts) {
        this(specFile, projectName, slug, namespace, names, labels, database, image, security, storage, config, tiers,
                restore, verify, scripts, null, new ServiceAccount(true, names.serviceAccount(), Map.of()),
                new NetworkPolicy(false, slug + "-backup", Map.of(), List.of()), io.backupgen.alerts.Alerts.none(),
                Map.of());
    }

    /** Without alerting (no PrometheusRule, no thresholds) and engines, for code that builds models by hand. */
    public BackupModel(String specFile, String projectName, String slug, String namespace, Names names,
                       Map<String, String> labels, Database database, Image image, Security security, Storage storage,
                       Map<String, String> config, List<Tier> tiers, Restore restore, Verify verify,
                       Map<String, String> scripts, Job single, ServiceAccount serviceAccount,
                       NetworkPolicy networkPolicy) {
        this(specFile, projectName, slug, namespace, names, labels, database, image, security, storage, config, tiers,
                restore, verify, scripts, single, serviceAccount, networkPolicy, io.backupgen.alerts.Alerts.none(),
                Map.of());
    }

    /** Without engines: kept so callers written before them still compile. */
    public BackupModel(String specFile, String projectName, String slug, String namespace, Names names,
                       Map<String, String> labels, Database database, Image image, Security security, Storage storage,
                       Map<String, String> config, List<Tier> tiers, Restore restore, Verify verify,
                       Map<String, String> scripts, Job single, ServiceAccount serviceAccount,
                       NetworkPolicy networkPolicy, io.backupgen.alerts.Alerts alerts) {
        this(specFile, projectName, slug, namespace, names, labels, database, image, security, storage, config, tiers,
                restore, verify, scripts, single, serviceAccount, networkPolicy, alerts, Map.of());
    }

    /** This model with the engines' parts (built from the model without them). */
    public BackupModel withEngines(Map<String, io.backupgen.model.engines.EnginePart> parts) {
        return new BackupModel(specFile, projectName, slug, namespace, names, labels, database, image, security, storage,
                config, tiers, restore, verify, scripts, single, serviceAccount, networkPolicy, alerts, parts, offsite);
    }

    /** Whether backups are copied to a bucket (see {@link io.backupgen.model.offsite.Offsite}). */
    public boolean offsiteEnabled() {
        return offsite != null;
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

    /** Pod security IDs; a null one is not written (runAsUser: auto lets the platform assign it). */
    public record Security(Integer runAsUser, Integer runAsGroup, Integer fsGroup) {
    }

    /**
     * @param create      render the PVC {@code names.pvc}; false: it is an existing claim (or none: scratch)
     * @param annotations the PVC's annotations (the protection against tool-driven deletion)
     * @param scratch     no PVC: each pod's /backups is an emptyDir of {@code size} (storage.mode scratch, only
     *                    with off-site copies)
     */
    public record Storage(String size, String storageClassName, String accessMode, boolean create,
                          Map<String, String> annotations, boolean scratch) {
        public Storage(String size, String storageClassName, String accessMode, boolean create,
                       Map<String, String> annotations) {
            this(size, storageClassName, accessMode, create, annotations, false);
        }
    }

    /** @param create render it; false: {@code name} is an existing ServiceAccount */
    public record ServiceAccount(boolean create, String name, Map<String, String> annotations) {
    }

    /**
     * Placement and metadata of one job's pods, resolved over the spec's layers; plain values (maps,
     * lists, strings) in Kubernetes' shapes. Empty collections and null mean "not written".
     */
    public record Pod(Map<String, String> nodeSelector, List<Object> tolerations, Map<String, Object> affinity,
                      String priorityClassName, Map<String, String> annotations, Map<String, String> labels,
                      List<Object> imagePullSecrets) {
        public static final Pod NONE = new Pod(Map.of(), List.of(), Map.of(), "", Map.of(), Map.of(), List.of());
    }

    /**
     * The NetworkPolicy around backupgen's pods: no ingress; egress only to the listed targets.
     *
     * @param podSelector labels selecting every backupgen pod of this project
     * @param egress      in order: the database, cluster DNS, then what other modules and the spec add
     */
    public record NetworkPolicy(boolean enabled, String name, Map<String, String> podSelector,
                                List<EgressTarget> egress) {
    }

    /**
     * One destination backupgen's pods may reach.
     *
     * @param purpose what it is, written as a comment above the rule
     * @param rule    a Kubernetes NetworkPolicyEgressRule ({@code to}, {@code ports}) as plain values
     */
    public record EgressTarget(String purpose, Map<String, Object> rule) {
    }

    /** One backup tier: its retention and the CronJob that takes it. */
    public record Tier(String name, int keep, String retentionKey, Job job) {
    }

    /** The manual restore, rendered as a suspended CronJob to instantiate with {@code kubectl create job --from}. */
    public record Restore(boolean enabled, Job job) {
    }

    /**
     * The scheduled restore-and-check of the newest backup.
     *
     * @param mode {@code throwaway} (a private server in the verify pod) or {@code server} (a scratch database
     *             on the production server)
     */
    public record Verify(boolean enabled, Job job, String mode) {
        public boolean throwaway() {
            return VERIFY_THROWAWAY.equals(mode);
        }
    }

    public static final String VERIFY_THROWAWAY = "throwaway";
    public static final String VERIFY_SERVER = "server";

    /**
     * A CronJob running one script in the backup image. All backupgen jobs share the pod layout
     * (security, volumes); they differ in these values.
     *
     * @param type label {@code backup-type}: the tier, or restore / verify
     * @param pod    where the job's pods run and what they carry (see {@link Placement})
     * @param extras what this job's pod has beyond the shared layout (volumes, init containers)
     */
    public record Job(String name, String type, String schedule, String timeZone, boolean suspend,
                      int successfulJobsHistoryLimit, int failedJobsHistoryLimit, int startingDeadlineSeconds,
                      int backoffLimit, int activeDeadlineSeconds, String container, String script, List<EnvVar> env,
                      Resources resources, Pod pod, PodExtras extras) {
        /** A job with the shared pod layout only. */
        public Job(String name, String type, String schedule, String timeZone, boolean suspend,
                   int successfulJobsHistoryLimit, int failedJobsHistoryLimit, int startingDeadlineSeconds,
                   int backoffLimit, int activeDeadlineSeconds, String container, String script, List<EnvVar> env,
                   Resources resources, Pod pod) {
            this(name, type, schedule, timeZone, suspend, successfulJobsHistoryLimit, failedJobsHistoryLimit,
                    startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, container, script, env, resources,
                    pod, PodExtras.NONE);
        }

        public Job withName(String newName) {
            return new Job(newName, type, schedule, timeZone, suspend, successfulJobsHistoryLimit,
                    failedJobsHistoryLimit, startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, container,
                    script, env, resources, pod, extras);
        }

        public Job withEnv(List<EnvVar> newEnv) {
            return new Job(name, type, schedule, timeZone, suspend, successfulJobsHistoryLimit,
                    failedJobsHistoryLimit, startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, container,
                    script, List.copyOf(newEnv), resources, pod, extras);
        }

        public Job withExtras(PodExtras newExtras) {
            return new Job(name, type, schedule, timeZone, suspend, successfulJobsHistoryLimit,
                    failedJobsHistoryLimit, startingDeadlineSeconds, backoffLimit, activeDeadlineSeconds, container,
                    script, env, resources, pod, newExtras);
        }
    }

    /**
     * What a job's pod has beyond the layout every backupgen pod shares (security contexts, the backup
     * volume at /backups, the scripts at /scripts, an emptyDir /tmp).
     *
     * @param backupsReadOnly mount the backup volume read-only in the containers (jobs that only read
     *                        backups); the claim itself stays read-write, so a ReadWriteOnce volume is
     *                        attached the same way whichever job comes first
     * @param scratch         more emptyDir volumes, mounted in every container of the pod
     * @param initContainers  containers run to completion before the job's own, in the same image, with the
     *                        same security and mounts (e.g. a backup source fetching files first)
     */
    public record PodExtras(boolean backupsReadOnly, List<Scratch> scratch, List<InitContainer> initContainers,
                            String image) {
        public static final PodExtras NONE = new PodExtras(false, List.of(), List.of());

        /** The job's own container in the backup image. */
        public PodExtras(boolean backupsReadOnly, List<Scratch> scratch, List<InitContainer> initContainers) {
            this(backupsReadOnly, scratch, initContainers, null);
        }

        public PodExtras withInitContainer(InitContainer c) {
            List<InitContainer> all = new java.util.ArrayList<>(initContainers);
            all.add(c);
            return new PodExtras(backupsReadOnly, scratch, List.copyOf(all), image);
        }

        public PodExtras withScratch(Scratch s) {
            List<Scratch> all = new java.util.ArrayList<>(scratch);
            all.add(s);
            return new PodExtras(backupsReadOnly, List.copyOf(all), initContainers, image);
        }

        /** The job's own container runs in {@code reference} instead of the backup image (e.g. rclone's). */
        public PodExtras withImage(String reference) {
            return new PodExtras(backupsReadOnly, scratch, initContainers, reference);
        }

        public PodExtras withBackupsReadOnly(boolean readOnly) {
            return new PodExtras(readOnly, scratch, initContainers, image);
        }
    }

    /** An emptyDir volume, at most {@code sizeLimit}, mounted at {@code mountPath}. */
    public record Scratch(String name, String mountPath, String sizeLimit) {
    }

    /**
     * A container that runs {@code /scripts/<script>} before the job's own container.
     *
     * @param image its image; null: the backup image
     */
    public record InitContainer(String name, String script, List<EnvVar> env, Resources resources, String image) {
        public InitContainer(String name, String script, List<EnvVar> env, Resources resources) {
            this(name, script, env, resources, null);
        }
    }

    /**
     * An environment variable from exactly one source: a literal, a ConfigMap key, a Secret key or a
     * field of the pod (the downward API, e.g. {@code metadata.namespace}). A Secret key is of the database
     * credentials Secret unless {@code secretName} names another.
     */
    public record EnvVar(String name, String value, String configMapKey, String secretKey, String fieldPath,
                         String secretName) {
        public EnvVar(String name, String value, String configMapKey, String secretKey) {
            this(name, value, configMapKey, secretKey, null, null);
        }

        public EnvVar(String name, String value, String configMapKey, String secretKey, String fieldPath) {
            this(name, value, configMapKey, secretKey, fieldPath, null);
        }

        /** Key {@code key} of Secret {@code secret}, one that is not the database credentials (e.g. the bucket's). */
        public static EnvVar secret(String name, String secret, String key) {
            return new EnvVar(name, null, null, key, null, secret);
        }

        /** The pod's own field, e.g. its namespace, which a base without a namespace cannot know. */
        public static EnvVar field(String name, String fieldPath) {
            return new EnvVar(name, null, null, null, fieldPath);
        }

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
