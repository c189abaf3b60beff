package io.backupgen.model.offsite;

import io.backupgen.model.BackupModel;
import io.backupgen.model.BackupModel.EnvVar;
import io.backupgen.model.BackupSource;
import io.backupgen.model.BackupSources;
import io.backupgen.spec.OffsiteSpec;
import io.backupgen.spec.Spec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Off-site copies in an S3 or S3-compatible bucket (issue 9): the one module the model calls for them.
 *
 * <p>A backup pod with off-site copies runs the dump ({@code backup.sh}, backup image) as an init container
 * writing to the volume, then {@code upload.sh} (rclone's image) as its container: upload under a temporary
 * name, read back and compare the checksum, server-side move to the final key, prune the tier in the bucket.
 * Reading from the bucket ({@code --from offsite}, the verification, a restore without a volume) adds an init
 * container running {@code fetch.sh}, which downloads one backup set into a scratch volume and checks it.
 * rclone is configured from the environment only (no config file holding secrets); see docs/offsite.md.
 *
 * @param image     the rclone image of the upload and fetch containers
 * @param resources theirs
 * @param storeEnv  the variables that say where the bucket is and how to reach and decrypt it
 * @param keep      backups kept in the bucket per tier
 * @param egress    the NetworkPolicy rule that lets the pods reach the store
 * @param fetchSize the size limit of the scratch volume a fetched backup set lands in (storage.size)
 */
public record Offsite(String image, BackupModel.Resources resources, List<EnvVar> storeEnv, Map<String, Integer> keep,
                      BackupModel.EgressTarget egress, String fetchSize) implements BackupSource {

    /** Where a fetched backup set is put: a scratch volume of each pod that reads from the bucket. */
    public static final String FETCH_VOLUME = "fetched";
    public static final String FETCH_PATH = "/fetched";

    /** The off-site settings of {@code spec}, or null when off. */
    public static Offsite of(Spec spec, BackupModel.Resources resources, String fetchSize) {
        OffsiteSpec o = spec.offsite();
        if (o == null || !o.enabled()) {
            return null;
        }
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVar.config("PGDATABASE", "POSTGRES_DB"));
        env.add(EnvVar.literal("BACKUP_DIR", "/backups"));
        env.add(EnvVar.literal("OFFSITE_PROVIDER", o.provider()));
        env.add(EnvVar.literal("OFFSITE_ENDPOINT", empty(o.endpoint())));
        env.add(EnvVar.literal("OFFSITE_REGION", empty(o.region())));
        env.add(EnvVar.literal("OFFSITE_BUCKET", o.bucket()));
        env.add(EnvVar.literal("OFFSITE_PREFIX", empty(o.prefix())));
        env.add(EnvVar.literal("OFFSITE_PATH_STYLE", Boolean.toString(o.pathStyle())));
        env.add(EnvVar.literal("OFFSITE_STORAGE_CLASS", empty(o.storageClass())));
        if (!o.credentials().workloadIdentity()) {
            // The names the S3 SDK reads (rclone's env_auth), so a Secret made for the AWS CLI works as is.
            env.add(EnvVar.secret("AWS_ACCESS_KEY_ID", o.credentials().secretName(), o.credentials().accessKeyIdKey()));
            env.add(EnvVar.secret("AWS_SECRET_ACCESS_KEY", o.credentials().secretName(),
                    o.credentials().secretAccessKeyKey()));
        }
        if (!empty(o.caBundle().secretName()).isEmpty()) {
            env.add(EnvVar.secret("OFFSITE_CA_BUNDLE_PEM", o.caBundle().secretName(), o.caBundle().key()));
        }
        env.add(EnvVar.literal("OFFSITE_ENCRYPT", Boolean.toString(o.encryption().enabled())));
        if (o.encryption().enabled()) {
            env.add(EnvVar.secret("OFFSITE_PASSWORD", o.encryption().secretName(), o.encryption().passwordKey()));
            env.add(EnvVar.secret("OFFSITE_SALT", o.encryption().secretName(), o.encryption().saltKey()));
        }
        Map<String, Integer> keep = new LinkedHashMap<>();
        for (String tier : List.of("daily", "weekly", "monthly")) {
            Integer k = o.keep() == null ? null : o.keep().of(tier);
            keep.put(tier, k != null ? k : spec.tiers().byName().get(tier).keep());
        }
        return new Offsite(o.image(), resources, List.copyOf(env), keep, egress(o), fetchSize);
    }

    /**
     * An in-cluster store (a Service host such as {@code minio.storage.svc}, or an IPv4 address): its
     * namespace's pods (or that address) on its port; an ipBlock may not match pod addresses at all,
     * depending on the network plugin. Any other store: its port on any address, as a bucket's
     * addresses are not stable enough for a narrower rule.
     */
    static BackupModel.EgressTarget egress(OffsiteSpec o) {
        int port = 443;
        String where = "AWS S3";
        if (!empty(o.endpoint()).isEmpty()) {
            URI uri = URI.create(o.endpoint());
            port = uri.getPort() > 0 ? uri.getPort() : "http".equals(uri.getScheme()) ? 80 : 443;
            where = uri.getHost();
            var inCluster = io.backupgen.model.NetworkPolicies.toHost(
                    "the off-site object store (" + where + ", port " + port + ")", where, port);
            if (inCluster.isPresent()) {
                return inCluster.get();
            }
        }
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("to", List.of(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0"))));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("protocol", "TCP");
        p.put("port", port);
        rule.put("ports", List.of(p));
        return new BackupModel.EgressTarget("the off-site object store (" + where + ", port " + port + ")", rule);
    }

    /**
     * {@code job} (a backup of {@code tier}) with the dump moved into an init container and the upload of what
     * it wrote as the pod's container: the Job succeeds only when the copy is in the bucket and checked.
     */
    public BackupModel.Job uploading(BackupModel.Job job, String tier) {
        return uploading(job, tier, List.of());
    }

    /**
     * As {@link #uploading(BackupModel.Job, String)} for one-dump mode's job, which also files its dump into
     * {@code filed} (weekly, monthly): the newest of each is uploaded too when the bucket lacks it.
     */
    public BackupModel.Job uploading(BackupModel.Job job, String tier, List<String> filed) {
        BackupModel.PodExtras extras = job.extras()
                .withInitContainer(new BackupModel.InitContainer(job.container(), job.script(), job.env(),
                        job.resources()))
                .withImage(image);
        List<EnvVar> env = new ArrayList<>(storeEnv);
        env.add(EnvVar.literal("BACKUP_TIER", tier));
        env.add(EnvVar.literal("OFFSITE_KEEP", Integer.toString(keep.get(tier))));
        if (!filed.isEmpty()) {
            env.add(EnvVar.literal("OFFSITE_PROMOTE", String.join(" ", filed.stream().map(t -> t + "=" + keep.get(t))
                    .toList())));
        }
        return new BackupModel.Job(job.name(), job.type(), job.schedule(), job.timeZone(), job.suspend(),
                job.successfulJobsHistoryLimit(), job.failedJobsHistoryLimit(), job.startingDeadlineSeconds(),
                job.backoffLimit(), job.activeDeadlineSeconds(), "upload", "upload.sh", List.copyOf(env), resources,
                job.pod(), extras);
    }

    @Override
    public String name() {
        return BackupSources.OFFSITE;
    }

    /**
     * {@code job} reading its backup from the bucket: {@code fetch.sh} first downloads the backup the job
     * names (RESTORE_FILE, else the newest of RESTORE_TIER or VERIFY_TIER) into {@value #FETCH_PATH} and
     * checks its checksums; the job then reads it there ({@code RESTORE_SOURCE_DIR}, or {@code BACKUP_DIR}
     * for jobs that only read), while a backup taken before a restore still goes to the volume.
     */
    @Override
    public BackupModel.Job readFrom(BackupModel.Job job) {
        if ("list.sh".equals(job.script())) {
            return listing(job);
        }
        job = withoutFetch(job);
        List<EnvVar> env = new ArrayList<>(storeEnv);
        env.add(EnvVar.literal("FETCH_DIR", FETCH_PATH));
        boolean restore = "restore.sh".equals(job.script());
        for (EnvVar e : job.env()) {
            switch (e.name()) {
                case "RESTORE_FILE" -> env.add(rename(e, "FETCH_FILE"));
                case "RESTORE_TIER", "VERIFY_TIER" -> env.add(rename(e, "FETCH_TIER"));
                default -> {
                }
            }
        }
        List<EnvVar> own = new ArrayList<>(job.env());
        if (restore) {
            own.add(EnvVar.literal("RESTORE_SOURCE_DIR", FETCH_PATH));
        } else if (own.stream().anyMatch(e -> e.name().equals("BACKUP_DIR"))) {
            own.replaceAll(e -> e.name().equals("BACKUP_DIR") ? EnvVar.literal("BACKUP_DIR", FETCH_PATH) : e);
        } else {
            own.add(EnvVar.literal("BACKUP_DIR", FETCH_PATH)); // (verify.mode server names none: /backups is the default)
        }
        BackupModel.PodExtras extras = job.extras()
                .withScratch(new BackupModel.Scratch(FETCH_VOLUME, FETCH_PATH, fetchSize))
                .withInitContainer(new BackupModel.InitContainer("fetch", "fetch.sh", List.copyOf(env), resources, image));
        return job.withEnv(own).withExtras(extras);
    }

    /** {@code job} without a fetch this module added before (a printed Job built from a job that reads the bucket). */
    private static BackupModel.Job withoutFetch(BackupModel.Job job) {
        BackupModel.PodExtras x = job.extras();
        if (x.initContainers().stream().noneMatch(c -> c.name().equals("fetch"))) {
            return job;
        }
        return job.withExtras(new BackupModel.PodExtras(x.backupsReadOnly(),
                x.scratch().stream().filter(v -> !v.name().equals(FETCH_VOLUME)).toList(),
                x.initContainers().stream().filter(c -> !c.name().equals("fetch")).toList(), x.image()))
                .withEnv(job.env().stream().filter(e -> !e.name().equals("RESTORE_SOURCE_DIR")).toList());
    }

    /** The list Job reading the bucket: fetch.sh lists it (names, sizes, times) instead of fetching. */
    private BackupModel.Job listing(BackupModel.Job job) {
        List<EnvVar> env = new ArrayList<>(storeEnv);
        env.add(EnvVar.literal("FETCH_LIST", "true"));
        return new BackupModel.Job(job.name(), job.type(), job.schedule(), job.timeZone(), job.suspend(),
                job.successfulJobsHistoryLimit(), job.failedJobsHistoryLimit(), job.startingDeadlineSeconds(),
                job.backoffLimit(), job.activeDeadlineSeconds(), "list", "fetch.sh", List.copyOf(env), resources,
                job.pod(), job.extras().withImage(image));
    }

    /** The literal value of store variable {@code name} (e.g. OFFSITE_BUCKET), or "" (for the runbook). */
    public String setting(String name) {
        return storeEnv.stream().filter(e -> e.name().equals(name) && e.value() != null).map(EnvVar::value)
                .findFirst().orElse("");
    }

    /** The Secret variable {@code name} is read from (e.g. OFFSITE_PASSWORD), or "" when it has none. */
    public String secretOf(String name) {
        return storeEnv.stream().filter(e -> e.name().equals(name) && e.secretName() != null)
                .map(EnvVar::secretName).findFirst().orElse("");
    }

    private static EnvVar rename(EnvVar e, String name) {
        return new EnvVar(name, e.value(), e.configMapKey(), e.secretKey(), e.fieldPath(), e.secretName());
    }

    private static String empty(String s) {
        return s == null ? "" : s;
    }
}
