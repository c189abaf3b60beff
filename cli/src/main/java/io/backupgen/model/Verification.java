package io.backupgen.model;

import io.backupgen.model.BackupModel.EnvVar;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verification CronJob's decisions: where it restores the newest backup, and so what its pod gets.
 *
 * <p>{@code throwaway} (the default): the pod starts its own PostgreSQL from the image's server binaries,
 * with its data in an emptyDir and a Unix socket as its only door, restores there and checks. The pod
 * gets no database host and no credentials at all, so it cannot touch production even by mistake.
 * {@code server}: a scratch database on the production server, as before (needs CREATEDB, costs the
 * server's I/O and WAL). Either way the backup volume is mounted read-only: verification only reads.
 */
final class Verification {
    /** The emptyDir the throwaway server's data lives in. */
    static final String SCRATCH_VOLUME = "scratch";
    static final String SCRATCH_PATH = "/scratch";

    private Verification() {
    }

    static BackupModel.Verify build(Spec spec, String slug, BackupModel.Database db, BackupModel.Storage storage,
                                    ModelBuilder.Context ctx, BackupModel.Pod placement) {
        Spec.Verify v = spec.verify();
        String mode = v.mode() == null ? BackupModel.VERIFY_THROWAWAY : v.mode();
        BackupModel.PodExtras extras = new BackupModel.PodExtras(true, List.of(), List.of());
        if (BackupModel.VERIFY_THROWAWAY.equals(mode)) {
            extras = extras.withScratch(new BackupModel.Scratch(SCRATCH_VOLUME, SCRATCH_PATH, scratchSize(v, storage)));
        }
        BackupModel.Job job = new BackupModel.Job(slug + "-backup-verify", "verify", v.schedule(), v.timeZone(),
                ctx.suspendAll(), 3, 3, v.startingDeadlineSeconds(), 1, v.activeDeadlineSeconds(), "verify", "verify.sh",
                ModelBuilder.verifyEnv(db, mode, slug), ModelBuilder.resources(v.resources()), placement, extras);
        return new BackupModel.Verify(v.enabled(), job, mode);
    }

    /** The restored database must fit; the backup volume's size is the default guess (documented). */
    static String scratchSize(Spec.Verify v, BackupModel.Storage storage) {
        return v.scratchSize() == null || v.scratchSize().isEmpty() ? storage.size() : v.scratchSize();
    }

    /** ConfigMap keys the verification script reads (the mode is not one: it changes the pod, not only the script). */
    static void config(Map<String, String> c, Spec spec, BackupModel.Database db) {
        c.put("VERIFY_TIER", spec.verify().tier());
        if (BackupModel.VERIFY_SERVER.equals(spec.verify().mode())) {
            c.put("VERIFY_SCRATCH_DB", db.name() + "_verify");
        }
        c.put("VERIFY_MIN_TABLES", Integer.toString(spec.verify().minTables()));
    }

    /** The verify container's variables in {@code mode}: credentials only for a scratch database on the server. */
    static List<EnvVar> env(BackupModel.Database db, String mode) {
        List<EnvVar> env = new ArrayList<>();
        if (BackupModel.VERIFY_SERVER.equals(mode)) {
            env.addAll(ModelBuilder.connection(db));
        } else {
            env.add(EnvVar.config("PGDATABASE", "POSTGRES_DB"));
            env.add(EnvVar.literal("BACKUP_DIR", "/backups"));
        }
        env.add(EnvVar.literal("VERIFY_MODE", mode));
        env.add(EnvVar.config("VERIFY_TIER", "VERIFY_TIER"));
        if (BackupModel.VERIFY_SERVER.equals(mode)) {
            env.add(EnvVar.config("VERIFY_SCRATCH_DB", "VERIFY_SCRATCH_DB"));
        } else {
            env.add(EnvVar.literal("VERIFY_SCRATCH_DIR", SCRATCH_PATH));
        }
        env.add(EnvVar.config("VERIFY_MIN_TABLES", "VERIFY_MIN_TABLES"));
        return env;
    }
}
