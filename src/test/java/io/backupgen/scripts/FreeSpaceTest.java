package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * backup.sh refuses to start when the volume's free space is below its tier's last dump times the
 * margin, before it writes anything, on a real small file system: a 4 MiB tmpfs mounted for the
 * test (the harness runs as root, as CI does), owned by the pod's uid like a PVC with fsGroup.
 */
class FreeSpaceTest extends ScriptsTestBase {
    private Path mount;

    private Path tmpfs() {
        mount = work.resolve("tmpfs-" + System.nanoTime());
        try {
            Files.createDirectories(mount);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Proc.Result r = Proc.run("mount", "-t", "tmpfs", "-o",
                "size=4m,mode=0750,uid=" + Tools.POD_UID + ",gid=" + Tools.POD_UID, "tmpfs", mount.toString());
        if (r.exit() != 0) {
            throw new IllegalStateException("cannot mount a tmpfs for the free-space test (needs root with"
                    + " CAP_SYS_ADMIN, as the CI machine has): " + r);
        }
        return mount;
    }

    @AfterEach
    void unmount() {
        if (mount != null) {
            Proc.run("umount", mount.toString());
        }
    }

    private static long freeKib(Path dir) {
        String out = Proc.run("df", "-Pk", dir.toString()).stdout();
        return Long.parseLong(out.lines().skip(1).findFirst().orElseThrow().trim().split("\\s+")[3]);
    }

    /** Leaves about {@code kib} KiB free on the tmpfs by writing a filler file (tmpfs counts 4 KiB pages). */
    private static void leaveFree(Path dir, long kib) throws IOException {
        Files.deleteIfExists(dir.resolve("filler.bin"));
        long fill = (freeKib(dir) - kib) * 1024;
        Files.write(dir.resolve("filler.bin"), new byte[(int) Math.max(0, fill)]);
    }

    @Test
    void aRunIsRefusedBeforeWritingWhenTheNextDumpMightNotFit() throws IOException {
        Path dir = tmpfs();
        ScriptRunner run = runner(Map.of("keepDaily", "7"));
        // Margin 400% so the "fits, but without the margin" case is several 4 KiB pages wide.
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString(), "BACKUP_FREE_SPACE_MARGIN_PERCENT", "400");
        Proc.Result first = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        assertThat(first.stdout()).contains("free-space check: no earlier daily backup to size the next one by");
        String dump = BackupDir.names(dir).stream().filter(n -> n.endsWith(".sql.gz")).findFirst().orElseThrow();
        long dumpKib = Long.parseLong(Proc.run("du", "-k", dir.resolve(dump).toString()).stdout().split("\\s+")[0]);
        assertThat(dumpKib).isPositive();

        // Room for the dump itself, but less than 400% of it: refused, nothing touched.
        leaveFree(dir, dumpKib * 2);
        Map<String, String> before = BackupDir.snapshot(dir);
        Proc.Result refused = run.run(Workload.BACKUP_DAILY, env);
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("ERROR: not enough free space on " + dir)
                .contains("the last daily backup " + dump + " is " + dumpKib + " KiB and 400% of it ("
                        + dumpKib * 4 + " KiB) must be free; nothing was written");
        assertThat(refused.stdout()).doesNotContain("connected:").doesNotContain("writing ");
        assertThat(BackupDir.snapshot(dir)).isEqualTo(before);

        // The default margin (125%) is satisfied by the same free space: the run goes ahead.
        Proc.Result dflt = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
        assertThat(dflt.stdout()).contains("free space ").contains("(125% of " + dump + ")");

        // A full volume: refused by default too, earlier backups untouched.
        leaveFree(dir, 0);
        Map<String, String> full = BackupDir.snapshot(dir);
        Proc.Result none = run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString()));
        assertThat(none.exit()).isNotZero();
        assertThat(none.stderr()).contains("not enough free space");
        assertThat(BackupDir.snapshot(dir)).isEqualTo(full);

        // Made room: it runs again.
        Files.delete(dir.resolve("filler.bin"));
        RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
    }

    @Test
    void aBadMarginIsAConfigurationError() {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        Proc.Result r = run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString(),
                "BACKUP_FREE_SPACE_MARGIN_PERCENT", "1.5"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("BACKUP_FREE_SPACE_MARGIN_PERCENT must be an integer percentage");
        assertThat(BackupDir.names(dir)).isEmpty();
    }
}
