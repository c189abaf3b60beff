package io.backupgen.model;

import io.backupgen.alerts.AlertRules;
import io.backupgen.alerts.Alerts;
import io.backupgen.alerts.MaxAge;
import io.backupgen.model.BackupModel.EnvVar;
import io.backupgen.spec.Slugs;
import io.backupgen.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Spec -> {@link BackupModel}: every default that depends on other fields is decided here, once. */
public final class ModelBuilder {
    /** The scripts the Jobs run, shipped byte for byte; see docs/scripts.md. */
    public static final List<String> SCRIPT_NAMES = List.of("backup.sh", "common.sh", "list.sh", "metrics.sh",
            "restore.sh", "verify.sh");
    /** Shipped only with off-site copies: the upload and fetch containers (rclone's image) run them. */
    public static final List<String> OFFSITE_SCRIPT_NAMES = List.of("fetch.sh", "offsite.sh", "upload.sh");
    /** uid/gid of the postgres user in the official images: alpine builds use 70, Debian builds 999. */
    static final int ALPINE_POSTGRES_UID = 70;
    static final int DEBIAN_POSTGRES_UID = 999;
    /** The restore CronJob never fires on its own (31 February), and is suspended besides. */
    static final String NEVER = "0 0 31 2 *";

    private ModelBuilder() {
    }

    /** Options that come from outside the spec (an environment's overlay, the spec file's name). */
    public record Context(String specFile, String namespaceOverride, boolean suspendAll) {
        public static Context of(String specFile) {
            return new Context(specFile, null, false);
        }
    }

    public static BackupModel build(Spec spec, Context ctx) {
        String slug = spec.project().slug() != null ? spec.project().slug() : Slugs.derive(spec.project().name());
        String namespace = ctx.namespaceOverride() != null ? ctx.namespaceOverride()
                : nullToEmpty(spec.project().namespace());

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", slug);
        labels.put("app.kubernetes.io/component", "backup");
        labels.put("app.kubernetes.io/part-of", slug);

        Spec.Database db = spec.database();
        String secret = orDefault(db.credentials().secretName(), slug + "-db-credentials");
        BackupModel.Storage storage = storage(spec.storage());
        io.backupgen.model.offsite.Offsite offsite = io.backupgen.model.offsite.Offsite.of(spec,
                spec.offsite() == null ? null : resources(spec.offsite().resources()), storage.size());
        BackupModel.ServiceAccount serviceAccount = serviceAccount(spec.serviceAccount(), slug);
        BackupModel.Names names = new BackupModel.Names(slug + "-backup-config", slug + "-backup-scripts",
                storage.create() ? slug + "-backup-pvc" : spec.storage().existingClaim(), serviceAccount.name(), secret);
        BackupModel.Database database = new BackupModel.Database(db.engine(), orDefault(db.host(), slug + "-postgres"),
                db.port(), orDefault(db.name(), slug.replace('-', '_')), db.postgresVersion(),
                db.credentials().usernameKey(), db.credentials().passwordKey());

        String tag = orDefault(spec.image().tag(), db.postgresVersion() + "-alpine");
        String reference = spec.image().repository() + ":" + tag
                + (nullToEmpty(spec.image().digest()).isEmpty() ? "" : "@" + spec.image().digest());
        BackupModel.Image image = new BackupModel.Image(reference, spec.image().pullPolicy());

        BackupModel.Security security = security(spec.security(), tag);

        List<BackupModel.Tier> tiers = new ArrayList<>();
        addTier(tiers, "daily", spec, spec.tiers().daily(), slug, database, ctx);
        addTier(tiers, "weekly", spec, spec.tiers().weekly(), slug, database, ctx);
        addTier(tiers, "monthly", spec, spec.tiers().monthly(), slug, database, ctx);

        Spec.Restore r = spec.restore();
        BackupModel.Restore restore = new BackupModel.Restore(r.enabled(), new BackupModel.Job(slug + "-backup-restore",
                "restore", NEVER, "UTC", true, 1, 1, 600, 0, r.activeDeadlineSeconds(), "restore", "restore.sh",
                restoreEnv(database), resources(r.resources()), Placement.restore(spec)));
        BackupModel.Verify verify = Verification.build(spec, slug, database, storage, ctx, Placement.verify(spec));

        // Egress targets other modules need go here (the off-site object store, issue 9).
        List<BackupModel.EgressTarget> moreEgress = new ArrayList<>();
        NetworkPolicies.pushgateway(spec.metrics().pushgatewayUrl()).ifPresent(moreEgress::add);
        if (offsite != null) {
            moreEgress.add(offsite.egress());
            tiers.replaceAll(t -> new BackupModel.Tier(t.name(), t.keep(), t.retentionKey(),
                    offsite.uploading(t.job(), t.name())));
            // The verification proves the copy that survives the cluster; without a volume, restores read it too.
            verify = new BackupModel.Verify(verify.enabled(), offsite.readFrom(verify.job()), verify.mode());
            if (storage.scratch()) {
                restore = new BackupModel.Restore(restore.enabled(), offsite.readFrom(restore.job()));
            }
        }
        BackupModel.NetworkPolicy networkPolicy = NetworkPolicies.build(spec, slug + "-backup",
                podSelector(labels), database, moreEgress);

        BackupModel.Job single = spec.tiers().single() ? singleJob(spec, spec.tiers().daily(), slug, database, ctx) : null;
        if (single != null && offsite != null) {
            single = offsite.uploading(single, "daily", tiers.stream().map(BackupModel.Tier::name)
                    .filter(t -> !t.equals("daily")).toList());
        }
        Alerts alerts = alerts(spec, slug, namespace, names, tiers, single, verify);
        BackupModel core = new BackupModel(ctx.specFile(), spec.project().name(), slug, namespace, names, labels, database,
                image, security, storage, config(database, tiers, spec, alerts), List.copyOf(tiers), restore, verify,
                scripts(offsite != null), single, serviceAccount, networkPolicy, alerts, Map.of(), offsite);
        return core.withEngines(io.backupgen.model.engines.Engines.build(spec, core, ctx.suspendAll()));
    }

    /**
     * The IDs the pods run as. Fixed by default: the image's postgres user, so the dump can write to the
     * volume (fsGroup the same). {@code auto}: none, for platforms that assign them (OpenShift's
     * restricted-v2 SCC rejects a fixed UID outside the namespace's range); an explicit fsGroup stays.
     */
    private static BackupModel.Security security(Spec.Security sec, String tag) {
        Spec.IdOrAuto user = sec == null ? null : sec.runAsUser();
        Spec.IdOrAuto group = sec == null ? null : sec.fsGroup();
        Integer uid = user == null ? Integer.valueOf(tag.contains("alpine") ? ALPINE_POSTGRES_UID : DEBIAN_POSTGRES_UID)
                : user.id();
        Integer fsGroup = group != null ? group.id() : uid;
        return new BackupModel.Security(uid, uid, fsGroup);
    }

    /**
     * Annotations that keep the backup volume when a tool would delete it with the rest of the release:
     * Helm on uninstall, Argo CD on prune and on deleting the Application, Flux on prune.
     */
    public static final Map<String, String> PVC_PROTECTION = protection();

    private static Map<String, String> protection() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("argocd.argoproj.io/sync-options", "Prune=false,Delete=false");
        m.put("helm.sh/resource-policy", "keep");
        m.put("kustomize.toolkit.fluxcd.io/prune", "disabled");
        return java.util.Collections.unmodifiableMap(m); // ordered, unlike Map.copyOf
    }

    private static BackupModel.Storage storage(Spec.Storage s) {
        boolean create = nullToEmpty(s.existingClaim()).isEmpty() && !s.scratch();
        return new BackupModel.Storage(s.size(), nullToEmpty(s.storageClassName()), s.accessMode(), create,
                create && s.protect() ? PVC_PROTECTION : Map.of(), s.scratch());
    }

    private static BackupModel.ServiceAccount serviceAccount(Spec.ServiceAccount sa, String slug) {
        if (sa == null) {
            return new BackupModel.ServiceAccount(true, slug + "-backup", Map.of());
        }
        return new BackupModel.ServiceAccount(sa.create(), orDefault(sa.name(), slug + "-backup"),
                sa.annotations() == null ? Map.of() : sa.annotations());
    }

    /** What selects every backupgen pod of the project (and nothing of the application's). */
    private static Map<String, String> podSelector(Map<String, String> labels) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("app.kubernetes.io/name", labels.get("app.kubernetes.io/name"));
        s.put("app.kubernetes.io/component", labels.get("app.kubernetes.io/component"));
        return s;
    }

    /** ConfigMap data: seed 000's keys first, then what the scripts read; all strings, as ConfigMaps hold. */
    private static Map<String, String> config(BackupModel.Database db, List<BackupModel.Tier> tiers, Spec spec,
                                              Alerts alerts) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("POSTGRES_HOST", db.host());
        c.put("POSTGRES_PORT", Integer.toString(db.port()));
        c.put("POSTGRES_DB", db.name());
        for (BackupModel.Tier t : tiers) {
            c.put(t.retentionKey(), Integer.toString(t.keep()));
        }
        Spec.Backup b = spec.backup();
        c.put("BACKUP_FORMAT", b.format());
        c.put("BACKUP_COMPRESSION", Integer.toString(b.compressionLevel()));
        c.put("BACKUP_GLOBALS", Boolean.toString(b.globals()));
        c.put("BACKUP_NO_ROLE_PASSWORDS", Boolean.toString(b.noRolePasswords()));
        if (spec.tiers().single()) {
            c.put(PROMOTE_KEY, promote(tiers));
        }
        if (spec.restore().enabled()) {
            c.put("RESTORE_TIER", spec.restore().tier());
            c.put("RESTORE_FORCE", Boolean.toString(spec.restore().force()));
            c.put("RESTORE_BACKUP_FIRST", Boolean.toString(spec.restore().backupFirst()));
        }
        if (spec.verify().enabled()) {
            Verification.config(c, spec, db);
            // The verified tier's "too old" threshold, the same number its alert uses; 0: never checked.
            MaxAge maxAge = alerts.maxAge().get(spec.verify().tier());
            c.put("VERIFY_MAX_AGE_SECONDS", maxAge == null ? "0" : Long.toString(maxAge.seconds()));
        }
        // Empty: the Jobs push no metrics.
        c.put("PUSHGATEWAY_URL", spec.metrics().pushgatewayUrl());
        return c;
    }

    /** What every script needs: where the server is, who to be, where backups live. */
    static List<EnvVar> connection(BackupModel.Database db) {
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVar.config("PGHOST", "POSTGRES_HOST"));
        env.add(EnvVar.config("PGPORT", "POSTGRES_PORT"));
        env.add(EnvVar.config("PGDATABASE", "POSTGRES_DB"));
        env.add(EnvVar.secret("PGUSER", db.usernameKey()));
        env.add(EnvVar.secret("PGPASSWORD", db.passwordKey()));
        env.add(EnvVar.literal("BACKUP_DIR", "/backups"));
        return env;
    }

    private static List<EnvVar> backupEnv(BackupModel.Database db, String cronJob, String tier, String retentionKey) {
        List<EnvVar> env = connection(db);
        env.add(EnvVar.literal("BACKUP_TIER", tier));
        env.add(EnvVar.config("BACKUP_KEEP", retentionKey));
        env.add(EnvVar.config("BACKUP_FORMAT", "BACKUP_FORMAT"));
        env.add(EnvVar.config("BACKUP_COMPRESSION", "BACKUP_COMPRESSION"));
        env.add(EnvVar.config("BACKUP_GLOBALS", "BACKUP_GLOBALS"));
        env.add(EnvVar.config("BACKUP_NO_ROLE_PASSWORDS", "BACKUP_NO_ROLE_PASSWORDS"));
        env.addAll(metricsEnv(cronJob));
        return env;
    }

    // ---- one-dump mode (tiers.mode: single) -------------------------------------------------------

    /** ConfigMap key of backup.sh's BACKUP_PROMOTE: "weekly=KEEP monthly=KEEP" for the enabled ones. */
    public static final String PROMOTE_KEY = "BACKUP_PROMOTE";

    private static String promote(List<BackupModel.Tier> tiers) {
        List<String> out = new ArrayList<>();
        for (BackupModel.Tier t : tiers) {
            if (!t.name().equals("daily")) {
                out.add(t.name() + "=" + t.keep());
            }
        }
        return String.join(" ", out);
    }

    /**
     * The one CronJob of one-dump mode: the daily tier's schedule, deadlines and resources; it dumps
     * as the daily tier and files that dump into the other enabled tiers (backup.sh step 10).
     */
    private static BackupModel.Job singleJob(Spec spec, Spec.Tier daily, String slug, BackupModel.Database db,
                                             Context ctx) {
        // Placed as the daily tier's pods: it runs on the daily schedule with the daily resources.
        return new BackupModel.Job(slug + "-backup", "single", daily.schedule(), daily.timeZone(),
                daily.suspend() || ctx.suspendAll(), daily.successfulJobsHistoryLimit(), daily.failedJobsHistoryLimit(),
                daily.startingDeadlineSeconds(), daily.backoffLimit(), daily.activeDeadlineSeconds(), "backup",
                "backup.sh", singleEnv(db, slug), resources(daily.resources()), Placement.backup(spec, daily));
    }

    /** The one-dump job's variables: a daily backup plus the tiers to file it into. */
    public static List<EnvVar> singleEnv(BackupModel.Database db, String slug) {
        List<EnvVar> env = backupEnv(db, slug + "-backup", "daily", "BACKUP_RETENTION_DAILY");
        env.add(EnvVar.config("BACKUP_PROMOTE", PROMOTE_KEY));
        return env;
    }

    public static List<EnvVar> restoreEnv(BackupModel.Database db) {
        List<EnvVar> env = connection(db);
        // Empty: the newest backup of RESTORE_TIER. Set it on the Job to restore a named file.
        env.add(EnvVar.literal("RESTORE_FILE", ""));
        env.add(EnvVar.config("RESTORE_TIER", "RESTORE_TIER"));
        env.add(EnvVar.config("RESTORE_FORCE", "RESTORE_FORCE"));
        env.add(EnvVar.config("RESTORE_BACKUP_FIRST", "RESTORE_BACKUP_FIRST"));
        // Empty: restore into PGDATABASE. Set it on the Job to restore a copy under another name.
        env.add(EnvVar.literal("RESTORE_TARGET_DB", ""));
        // The backup taken before a restore follows the spec's dump options like any other backup.
        env.add(EnvVar.config("BACKUP_FORMAT", "BACKUP_FORMAT"));
        env.add(EnvVar.config("BACKUP_COMPRESSION", "BACKUP_COMPRESSION"));
        env.add(EnvVar.config("BACKUP_GLOBALS", "BACKUP_GLOBALS"));
        env.add(EnvVar.config("BACKUP_NO_ROLE_PASSWORDS", "BACKUP_NO_ROLE_PASSWORDS"));
        return env;
    }

    /** The verify container's variables in {@code mode} (throwaway|server): the chart renders either. */
    public static List<EnvVar> verifyEnv(BackupModel.Database db, String mode, String slug) {
        List<EnvVar> env = Verification.env(db, mode);
        env.add(EnvVar.config("VERIFY_MAX_AGE_SECONDS", "VERIFY_MAX_AGE_SECONDS"));
        env.addAll(metricsEnv(slug + "-backup-verify"));
        return env;
    }

    /**
     * What a Job needs to push its metrics: where (empty: nothing is pushed), and the grouping labels the
     * alerts select on: its CronJob and namespace (from the pod, since the base may not name one).
     */
    private static List<EnvVar> metricsEnv(String cronJob) {
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVar.config("PUSHGATEWAY_URL", "PUSHGATEWAY_URL"));
        env.add(EnvVar.literal("METRICS_CRONJOB", cronJob));
        env.add(EnvVar.field("METRICS_NAMESPACE", "metadata.namespace"));
        return env;
    }

    /**
     * The alerting model: each scheduled job's threshold, and the rules when alerts are on. In one-dump
     * mode the one CronJob is watched (as the daily tier it dumps as); the tiers it files into get
     * thresholds of their own for verification.
     */
    private static Alerts alerts(Spec spec, String slug, String namespace, BackupModel.Names names,
                                 List<BackupModel.Tier> tiers, BackupModel.Job single, BackupModel.Verify verify) {
        List<AlertRules.Scheduled> backups = new ArrayList<>();
        List<String> filed = new ArrayList<>();
        if (single != null) {
            backups.add(scheduled("daily", single));
            tiers.stream().map(BackupModel.Tier::name).filter(t -> !t.equals("daily")).forEach(filed::add);
        } else {
            for (BackupModel.Tier t : tiers) {
                backups.add(scheduled(t.name(), t.job()));
            }
        }
        AlertRules.Scheduled v = verify.enabled() ? scheduled(spec.verify().tier(), verify.job()) : null;
        return AlertRules.build(spec.alerts(), !spec.metrics().pushgatewayUrl().isEmpty(),
                spec.project().name(), slug, namespace, names.pvc(), backups, filed, v);
    }

    private static AlertRules.Scheduled scheduled(String tier, BackupModel.Job job) {
        return new AlertRules.Scheduled(tier, job.name(), job.schedule(), job.timeZone(),
                job.startingDeadlineSeconds(), job.activeDeadlineSeconds(), job.suspend());
    }

    /**
     * Every tier, enabled or not, as it renders when enabled: a Helm chart carries values for the
     * tiers the spec disables too, so that enabling one is a single value.
     */
    public static List<BackupModel.Tier> allTiers(Spec spec, Context ctx) {
        BackupModel m = build(spec, ctx);
        List<BackupModel.Tier> tiers = new ArrayList<>();
        tiers.add(tier("daily", spec, spec.tiers().daily(), m.slug(), m.database(), ctx));
        tiers.add(tier("weekly", spec, spec.tiers().weekly(), m.slug(), m.database(), ctx));
        tiers.add(tier("monthly", spec, spec.tiers().monthly(), m.slug(), m.database(), ctx));
        return List.copyOf(tiers);
    }

    private static void addTier(List<BackupModel.Tier> out, String name, Spec spec, Spec.Tier t, String slug,
                                BackupModel.Database db, Context ctx) {
        if (t.enabled()) {
            out.add(tier(name, spec, t, slug, db, ctx));
        }
    }

    private static BackupModel.Tier tier(String name, Spec spec, Spec.Tier t, String slug, BackupModel.Database db,
                                         Context ctx) {
        String retentionKey = "BACKUP_RETENTION_" + name.toUpperCase(Locale.ROOT);
        BackupModel.Job job = new BackupModel.Job(slug + "-backup-" + name, name, t.schedule(), t.timeZone(),
                t.suspend() || ctx.suspendAll(), t.successfulJobsHistoryLimit(), t.failedJobsHistoryLimit(),
                t.startingDeadlineSeconds(), t.backoffLimit(), t.activeDeadlineSeconds(), "backup", "backup.sh",
                backupEnv(db, slug + "-backup-" + name, name, retentionKey), resources(t.resources()), Placement.backup(spec, t));
        return new BackupModel.Tier(name, t.keep(), retentionKey, job);
    }

    /** The model's resources of a spec's: what the chart's values hold too. */
    public static BackupModel.Resources resourcesOf(Spec.Resources r) {
        return resources(r);
    }

    static BackupModel.Resources resources(Spec.Resources r) {
        return new BackupModel.Resources(r.requests().cpu(), r.requests().memory(), r.limits().cpu(),
                r.limits().memory());
    }

    /** Loaded once per call; the scripts are small and shipped inside the jar. */
    static Map<String, String> scripts(boolean offsite) {
        Map<String, String> out = new TreeMap<>();
        List<String> names = new ArrayList<>(SCRIPT_NAMES);
        if (offsite) {
            names.addAll(OFFSITE_SCRIPT_NAMES);
        }
        for (String name : names) {
            try (InputStream in = ModelBuilder.class.getResourceAsStream("/templates/scripts/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("script missing from the jar: templates/scripts/" + name);
                }
                out.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private static String orDefault(String value, String dflt) {
        return value == null || value.isEmpty() ? dflt : value;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
