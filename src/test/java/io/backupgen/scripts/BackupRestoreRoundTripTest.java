package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Backup with the rendered backup script, restore with the rendered restore script, compare the data. */
class BackupRestoreRoundTripTest extends ScriptsTestBase {

    private static final String STAMP = "\\d{8}_\\d{6}";

    @Test
    void plainBackupRestoresToIdenticalData() {
        roundTrip(Map.of("format", "plain", "compression", "6"), "shop_plain_copy", "\\.sql\\.gz");
    }

    @Test
    void customBackupRestoresToIdenticalData() {
        roundTrip(Map.of("format", "custom", "compression", "9"), "shop_custom_copy", "\\.dump");
    }

    private void roundTrip(Map<String, String> options, String target, String ext) {
        ScriptRunner run = runner(options);
        Path dir = newBackupDir();

        Proc.Result backup = run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(backup.exit()).as(backup.toString()).isZero();
        List<String> files = BackupDir.names(dir);
        assertThat(files).hasSize(4);
        String dump = files.stream().filter(n -> n.matches("shop_daily_" + STAMP + ext)).findFirst().orElseThrow();
        String stem = dump.replaceAll("\\.(sql\\.gz|dump)$", "");
        assertThat(files).containsExactlyInAnyOrder(stem + ".manifest", stem + ".manifest.sha256", dump,
                dump + ".sha256");
        assertThat(read(dir.resolve(dump + ".sha256")))
                .isEqualTo(BackupDir.sha256(bytes(dir.resolve(dump))) + "  " + dump + "\n");
        assertThat(backup.stdout()).contains("pg_dump finished", "verified dump", "published " + dump, "done: " + dump,
                "row counts taken in the dump's snapshot", "manifest " + stem + ".manifest: 4 tables, 1001 rows (counts exact)");
        assertThat(read(dir.resolve(stem + ".manifest"))).contains("dump " + dump + "\n", "counts exact\n",
                "encoding UTF8\n", "role app\n", "role reporting\n", "table 300 public.customers\n",
                "table 501 public.documents\n", "table 0 public.empty_table\n", "table 200 sales.orders\n");

        pg.sql("postgres", "CREATE DATABASE " + target + " OWNER " + Seed.APP_USER);
        Proc.Result restore = run.run(Workload.RESTORE,
                Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target));

        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.stdout()).contains("newest daily backup of 'shop' is " + dump, "checksum of " + dump + " verified");
        Map<String, String> original = pg.fingerprint(DB);
        // 4 tables; sequences invoice_no, never_used and those of customers.id, documents.id, sales.orders.id
        assertThat(original).hasSize(4 + 5);
        assertThat(original.get("table public.customers")).startsWith("300:");
        assertThat(original.get("table public.documents")).startsWith("501:");
        assertThat(original.get("sequence public.invoice_no")).isEqualTo("1241/true");
        assertThat(pg.fingerprint(target)).isEqualTo(original);
    }

    @Test
    void debianImagesDashAndGnuToolsBackupRestoreAndVerifyToo() {
        // Debian-based postgres images run /bin/sh = dash with GNU coreutils/gzip/findutils.
        ScriptRunner run = runner(Map.of("format", "custom", "globals", "true", "noRolePasswords", "true",
                "keepDaily", "1")).underDashWithGnuTools();
        Path dir = newBackupDir();
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());
        RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        Proc.Result second = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        assertThat(second.stdout()).contains("pruned shop_daily_");
        assertThat(BackupDir.names(dir)).hasSize(6);

        pg.sql("postgres", "CREATE DATABASE shop_dash_copy OWNER " + Seed.APP_USER);
        RetentionTest.ok(run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(),
                "RESTORE_TARGET_DB", "shop_dash_copy")));
        assertThat(pg.fingerprint("shop_dash_copy")).isEqualTo(pg.fingerprint(DB));
        Path scratch = BackupDir.create(work, "scratch-dash");
        Proc.Result verify = RetentionTest.ok(run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(),
                "VERIFY_SCRATCH_DIR", scratch.toString())));
        assertThat(verify.stdout()).contains("restored with every row its manifest counted: 4 tables, 1001 rows",
                "applied the roles of shop_daily_");
    }

    @Test
    void globalsAreWrittenAsVerifiedSiblingUnderTheSameTimestamp() throws IOException {
        ScriptRunner run = runner(Map.of("globals", "true", "noRolePasswords", "true"));
        Path dir = newBackupDir();

        Proc.Result backup = run.run(Workload.BACKUP_WEEKLY, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(backup.exit()).as(backup.toString()).isZero();
        List<String> files = BackupDir.names(dir);
        assertThat(files).hasSize(6);
        String stem = files.get(0).substring(0, "shop_weekly_".length() + 15);
        assertThat(stem).matches("shop_weekly_" + STAMP);
        assertThat(files).containsExactly(stem + ".globals.sql.gz", stem + ".globals.sql.gz.sha256",
                stem + ".manifest", stem + ".manifest.sha256", stem + ".sql.gz", stem + ".sql.gz.sha256");
        String globals = gunzip(dir.resolve(stem + ".globals.sql.gz"));
        assertThat(globals).contains("CREATE ROLE reporting;", "CREATE ROLE app;",
                "PostgreSQL database cluster dump complete");
        assertThat(globals).doesNotContain("SCRAM-SHA-256$"); // --no-role-passwords
        assertThat(read(dir.resolve(stem + ".globals.sql.gz.sha256"))).isEqualTo(
                BackupDir.sha256(bytes(dir.resolve(stem + ".globals.sql.gz"))) + "  " + stem + ".globals.sql.gz\n");
    }

    static String read(Path p) {
        return new String(bytes(p), StandardCharsets.UTF_8);
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String gunzip(Path p) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes(p)))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
