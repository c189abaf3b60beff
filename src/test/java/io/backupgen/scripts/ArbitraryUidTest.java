package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code security.runAsUser: auto}: the pods carry no UID, GID or fsGroup, and OpenShift's restricted-v2
 * SCC runs them as an arbitrary UID from the namespace's range (no passwd entry), in group 0, with the
 * namespace's fsGroup as a supplementary group. The rendered backup, restore and verification scripts
 * run that way under busybox sh against the real PostgreSQL, on the two volume layouts such a pod meets:
 * one the kubelet gave to the fsGroup (group-owned, setgid), and one the platform could not (group 0).
 */
class ArbitraryUidTest extends ScriptsTestBase {
    /** The first UID of a typical OpenShift namespace range, and that namespace's fsGroup. */
    static final int UID = 1000680000;
    static final int FS_GROUP = 1000680000;
    /** Another namespace's UID: what a restore into a recreated namespace (disaster recovery) runs as. */
    static final int OTHER_UID = 1000720000;

    private static ScriptRunner auto() {
        return runner(Map.of("keepDaily", "1", "format", "custom", "specTail", "security:\n  runAsUser: auto\n"));
    }

    /** A volume as the kubelet prepares it for fsGroup: group-owned by it, group rwx, setgid. */
    private static Path fsGroupVolume() {
        return volume(FS_GROUP, "rwxrwx---");
    }

    /** A volume whose driver does not manage fsGroup, laid out by OpenShift's convention: group 0, group rwx. */
    private static Path groupZeroVolume() {
        return volume(0, "rwxrwx---");
    }

    private static Path volume(int gid, String mode) {
        Path dir = newBackupDir();
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Proc.run("chown", "0:" + gid, dir.toString()).ok();
        if (gid != 0) {
            Proc.run("chmod", "g+s", dir.toString()).ok();
        }
        return dir;
    }

    @Test
    void autoWritesNoIdentityIntoAnyPod() {
        ScriptRunner run = auto();
        ScriptRunner single = runner(Map.of("mode", "single", "specTail", "security:\n  runAsUser: auto\n"));
        assertThat(single.rendered().podSecurityContext(Workload.BACKUP).has("runAsUser")).as("one-dump job").isFalse();
        for (Workload w : List.of(Workload.BACKUP_DAILY, Workload.BACKUP_WEEKLY, Workload.BACKUP_MONTHLY,
                Workload.RESTORE, Workload.VERIFY)) {
            assertThat(run.rendered().podSecurityContext(w).has("runAsUser")).as("%s runAsUser", w).isFalse();
            assertThat(run.rendered().podSecurityContext(w).has("runAsGroup")).as("%s runAsGroup", w).isFalse();
            assertThat(run.rendered().podSecurityContext(w).has("fsGroup")).as("%s fsGroup", w).isFalse();
            assertThat(run.rendered().podSecurityContext(w).path("runAsNonRoot").asBoolean()).as("%s", w).isTrue();
        }
        assertThat(Proc.run("getent", "passwd", Integer.toString(UID)).exit())
                .as("uid %d must have no passwd entry, as in the pod", UID).isNotZero();
    }

    @Test
    void backupPruneRestoreAndVerifyOnAnFsGroupVolume() throws Exception {
        ScriptRunner run = auto().asIdentity(UID, 0, FS_GROUP);
        Path dir = fsGroupVolume();
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());

        RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        Proc.Result second = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        assertThat(second.stdout()).contains("pruned shop_daily_");
        List<String> files = BackupDir.names(dir);
        assertThat(files).hasSize(4); // the dump, its .sha256, its manifest and the manifest's .sha256
        for (String f : files) {
            Path p = dir.resolve(f);
            assertThat(Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(f).isEqualTo(UID);
            assertThat(Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("%s: the volume's group", f)
                    .isEqualTo(FS_GROUP);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).as(f).isEqualTo("rw-r-----");
        }

        pg.sql("postgres", "CREATE DATABASE shop_uid_copy OWNER " + Seed.APP_USER);
        RetentionTest.ok(run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(),
                "RESTORE_TARGET_DB", "shop_uid_copy")));
        assertThat(pg.fingerprint("shop_uid_copy")).isEqualTo(pg.fingerprint(DB));

        // The throwaway server's initdb needs a passwd entry the arbitrary uid lacks: nss_wrapper gives it one.
        io.backupgen.scripts.harness.Tools.requirePasswdEntryOrNssWrapper();
        Path scratch = volume(FS_GROUP, "rwxrwx---");
        Proc.Result verify = RetentionTest.ok(run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(),
                "VERIFY_SCRATCH_DIR", scratch.toString())));
        assertThat(verify.stdout()).contains("uid " + UID + " has no passwd entry: nss_wrapper",
                "OK: newest daily backup of 'shop' (", "restored with every row its manifest counted");
    }

    /**
     * Group 0 only (a volume without fsGroup support): backups written by one arbitrary UID are read,
     * restored and pruned by another, as after the namespace was recreated with a new UID range.
     */
    @Test
    void anotherArbitraryUidInGroupZeroRestoresAndPrunesThem() {
        ScriptRunner first = auto().asIdentity(UID, 0);
        ScriptRunner later = auto().asIdentity(OTHER_UID, 0);
        Path dir = groupZeroVolume();
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());

        String written = RetentionTest.ok(first.run(Workload.BACKUP_DAILY, env)).stdout()
                .replaceAll("(?s).*done: (\\S+)\\n.*", "$1");

        pg.sql("postgres", "CREATE DATABASE shop_uid_dr OWNER " + Seed.APP_USER);
        Proc.Result restore = RetentionTest.ok(later.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(),
                "RESTORE_TARGET_DB", "shop_uid_dr", "RESTORE_BACKUP_FIRST", "false")));
        assertThat(restore.stdout()).contains("checksum of " + written + " verified");
        assertThat(pg.fingerprint("shop_uid_dr")).isEqualTo(pg.fingerprint(DB));

        Proc.Result pruning = RetentionTest.ok(later.run(Workload.BACKUP_DAILY, env));
        assertThat(pruning.stdout()).contains("pruned " + written);
        String writtenStem = written.replaceAll("\\.(dump|sql\\.gz)$", ".");
        assertThat(BackupDir.names(dir)).hasSize(4).noneMatch(f -> f.startsWith(writtenStem));
    }
}
