package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.scripts.harness.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verification CronJob as rendered (verify.mode throwaway, the default): it starts its own PostgreSQL
 * from the server binaries (Debian's stand in for the image's) in the scratch emptyDir, restores the
 * newest backup there and compares every table's row count with the manifest counted in the dump's
 * snapshot. It passes on a good backup with the production server stopped, and fails with a clear
 * message on a flipped byte, on a cut dump whose checksums were forged, and on a dump missing a table's
 * rows.
 */
class VerifyThrowawayTest extends ScriptsTestBase {

    @BeforeAll
    static void passwdEntry() {
        Tools.requirePasswdEntryOrNssWrapper();
    }

    private static String backup(ScriptRunner run, Path dir) {
        Proc.Result r = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
        return r.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
    }

    private static Proc.Result verify(ScriptRunner run, Path dir, Path scratch) {
        return run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_SCRATCH_DIR", scratch.toString()));
    }

    private static Path scratch() {
        return BackupDir.create(work, "scratch-" + System.nanoTime());
    }

    @Test
    void aGoodBackupPassesWithoutTheProductionServer() throws IOException {
        ScriptRunner run = runner(Map.of());
        Map<String, String> podEnv = run.rendered().env(Workload.VERIFY, Map.of());
        assertThat(podEnv).as("the verify pod knows no database server and no credentials")
                .doesNotContainKeys("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD")
                .containsEntry("VERIFY_MODE", "throwaway").containsEntry("VERIFY_SCRATCH_DIR", "/scratch");
        Path dir = newBackupDir();
        String file = backup(run, dir);
        Path scratch = scratch();

        pg.stopServer();
        Proc.Result r;
        try {
            r = verify(run, dir, scratch);
        } finally {
            pg.startServer();
        }

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("newest daily backup of 'shop' is " + file,
                "throwaway server 15.", "started on socket " + scratch.resolve("run"),
                "created the roles the dump's owners and grants name: app postgres reporting",
                "created database 'shop' (owner 'postgres')",
                "table public.customers: 300 rows, as in the manifest", "table sales.orders: 200 rows, as in the manifest",
                "row counts match the manifest (exact): 4 tables, 1001 rows",
                "throwaway server stopped and removed",
                "OK: newest daily backup of 'shop' (" + file + ") restored with every row its manifest counted: 4 tables,"
                        + " 1001 rows");
        try (var left = Files.list(scratch)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the server's data is gone")
                    .doesNotContain("pgdata", "run");
        }
    }

    @Test
    void aCustomBackupWithGlobalsIsVerifiedWithItsRolesFile() {
        ScriptRunner run = runner(Map.of("format", "custom", "globals", "true", "noRolePasswords", "true"));
        Path dir = newBackupDir();
        backup(run, dir);

        Proc.Result r = verify(run, dir, scratch());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("globals: left as they are: postgres", "applied the roles of shop_daily_",
                "(custom format, pg_restore --single-transaction)", "row counts match the manifest (exact): 4 tables");
    }

    @Test
    void aFlippedByteFailsOnTheChecksum() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        String file = backup(run, dir);
        byte[] b = Files.readAllBytes(dir.resolve(file));
        b[b.length / 2] ^= 0x10;
        Files.write(dir.resolve(file), b);

        Proc.Result r = verify(run, dir, scratch());

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("checksum mismatch for " + file, "refusing to restore a corrupt",
                "restoring " + file + " into the throwaway server failed");
    }

    @Test
    void aCutDumpFailsEvenWithForgedChecksums() throws IOException {
        ScriptRunner run = runner(Map.of("format", "custom", "compression", "0"));
        Path dir = newBackupDir();
        String file = backup(run, dir);
        byte[] whole = Files.readAllBytes(dir.resolve(file));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);

        // The .sha256 forged: the manifest still names the whole dump's digest.
        Files.write(dir.resolve(file), cut);
        Files.writeString(dir.resolve(file + ".sha256"), BackupDir.sha256(cut) + "  " + file + "\n");
        Proc.Result r = verify(run, dir, scratch());
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains(file + " is not the dump its manifest " + file.replace(".dump", ".manifest")
                + " was written for (sha256 differs)");

        // The manifest forged too: the restore itself finds the dump cut short, and nothing is committed.
        BackupDir.forge(dir, file, cut);
        r = verify(run, dir, scratch());
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("restore of " + file + " into 'shop' failed; the transaction was rolled back",
                "restoring " + file + " into the throwaway server failed");
    }

    @Test
    void aDumpMissingOneTablesRowsFailsOnTheManifest() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        String file = backup(run, dir);
        // Everything forged to match but the counts: the COPY data of sales.orders is gone.
        String sql = gunzip(Files.readAllBytes(dir.resolve(file)));
        String without = sql.replaceAll("(?s)(COPY sales\\.orders [^\\n]*FROM stdin;\\n).*?(\\n\\\\\\.\\n)", "$1\\\\.\n");
        assertThat(without).isNotEqualTo(sql).contains("PostgreSQL database dump complete");
        BackupDir.forge(dir, file, gzip(without));

        Proc.Result r = verify(run, dir, scratch());

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stdout()).contains("table public.customers: 300 rows, as in the manifest");
        assertThat(r.stderr()).contains("table sales.orders: 0 rows restored, the manifest counted 200 in the dump's"
                        + " snapshot",
                "the restored content of " + file + " differs from its manifest in 1 table(s): the backup is not complete");
    }

    @Test
    void aBackupWithoutManifestIsNotCalledVerified() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        String file = backup(run, dir);
        String stem = file.replace(".sql.gz", "");
        Files.delete(dir.resolve(stem + ".manifest"));
        Files.delete(dir.resolve(stem + ".manifest.sha256"));

        Proc.Result r = verify(run, dir, scratch());

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains(file + " has no row-count manifest " + stem + ".manifest",
                "its content cannot be proven; take a new backup");
    }

    @Test
    void withoutRoomForTwoConnectionsTheCountsAreMarkedApproximate() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        pg.sql("postgres", "ALTER ROLE " + Seed.APP_USER + " CONNECTION LIMIT 1");
        Proc.Result b;
        try {
            b = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
        } finally {
            pg.sql("postgres", "ALTER ROLE " + Seed.APP_USER + " CONNECTION LIMIT -1");
        }
        assertThat(b.stdout()).contains("WARNING: cannot hold a snapshot for the row counts (role app may open only 1"
                + " connection(s)); dumping alone, the manifest's counts will be approximate", "(counts approximate)");
        String file = b.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
        assertThat(Files.readString(dir.resolve(file.replace(".sql.gz", ".manifest")))).contains("counts approximate\n");

        Proc.Result r = verify(run, dir, scratch());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("manifest " + file.replace(".sql.gz", ".manifest") + " verified (approximate counts)",
                "row counts match the manifest (approximate): 4 tables, 1001 rows");
    }

    static String gunzip(byte[] b) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
