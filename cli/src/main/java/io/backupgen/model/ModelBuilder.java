package io.backupgen.model;

import io.backupgen.spec.Slugs;
import io.backupgen.spec.Spec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Spec -> {@link BackupModel}: every default that depends on other fields is decided here, once. */
public final class ModelBuilder {
    /** The scripts the Jobs run, shipped byte for byte; see docs/scripts.md. */
    public static final List<String> SCRIPT_NAMES = List.of("backup.sh", "restore.sh", "verify.sh");
    /** uid/gid of the postgres user in the official images: alpine builds use 70, Debian builds 999. */
    static final int ALPINE_POSTGRES_UID = 70;
    static final int DEBIAN_POSTGRES_UID = 999;

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
        BackupModel.Names names = new BackupModel.Names(slug + "-backup-config", slug + "-backup-scripts",
                slug + "-backup-pvc", slug + "-backup", secret);
        BackupModel.Database database = new BackupModel.Database(db.engine(), orDefault(db.host(), slug + "-postgres"),
                db.port(), orDefault(db.name(), slug.replace('-', '_')), db.postgresVersion(),
                db.credentials().usernameKey(), db.credentials().passwordKey());

        String tag = orDefault(spec.image().tag(), db.postgresVersion() + "-alpine");
        String reference = spec.image().repository() + ":" + tag
                + (nullToEmpty(spec.image().digest()).isEmpty() ? "" : "@" + spec.image().digest());
        BackupModel.Image image = new BackupModel.Image(reference, spec.image().pullPolicy());

        int defaultUid = tag.contains("alpine") ? ALPINE_POSTGRES_UID : DEBIAN_POSTGRES_UID;
        Spec.Security sec = spec.security();
        int uid = sec != null && sec.runAsUser() != null ? sec.runAsUser() : defaultUid;
        int fsGroup = sec != null && sec.fsGroup() != null ? sec.fsGroup() : uid;
        BackupModel.Security security = new BackupModel.Security(uid, uid, fsGroup);

        BackupModel.Storage storage = new BackupModel.Storage(spec.storage().size(),
                nullToEmpty(spec.storage().storageClassName()), spec.storage().accessMode());
        Spec.Backup b = spec.backup();
        BackupModel.Dump dump = new BackupModel.Dump(b.format(), b.compressionLevel(), b.globals(), b.noRolePasswords());

        List<BackupModel.Tier> tiers = new ArrayList<>();
        addTier(tiers, "daily", spec.tiers().daily(), slug, ctx);
        addTier(tiers, "weekly", spec.tiers().weekly(), slug, ctx);
        addTier(tiers, "monthly", spec.tiers().monthly(), slug, ctx);

        return new BackupModel(ctx.specFile(), spec.project().name(), slug, namespace, names, labels, database, image,
                security, storage, dump, List.copyOf(tiers), scripts());
    }

    private static void addTier(List<BackupModel.Tier> out, String name, Spec.Tier t, String slug, Context ctx) {
        if (!t.enabled()) {
            return;
        }
        Spec.Resources r = t.resources();
        out.add(new BackupModel.Tier(name, slug + "-backup-" + name, t.schedule(), t.timeZone(), t.keep(),
                t.suspend() || ctx.suspendAll(), t.startingDeadlineSeconds(), t.activeDeadlineSeconds(),
                t.backoffLimit(), t.successfulJobsHistoryLimit(), t.failedJobsHistoryLimit(),
                new BackupModel.Resources(r.requests().cpu(), r.requests().memory(), r.limits().cpu(),
                        r.limits().memory())));
    }

    /** Loaded once per call; the scripts are small and shipped inside the jar. */
    static Map<String, String> scripts() {
        Map<String, String> out = new TreeMap<>();
        for (String name : SCRIPT_NAMES) {
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
