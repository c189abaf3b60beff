package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * verify.mode server (the old way, still an option): the newest backup is restored into a scratch database
 * on the server, its rows compared with the manifest, and the scratch database dropped.
 */
class VerifyServerModeTest extends ScriptsTestBase {

    private static final Map<String, String> SERVER = Map.of("verifyMode", "server");

    private static final String SCRATCH = "shop_verify";
    private static final String MARK = "backupgen verify scratch database: dropped after every verification run";

    private static String backup(ScriptRunner run, Path dir) {
        Proc.Result r = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
        return r.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
    }

    @Test
    void newestBackupIsRestoredCheckedAndTheScratchDatabaseDropped() {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();
        backup(run, dir);
        String newest = backup(run, dir);
        // A scratch database left behind by an interrupted run (it carries the mark) does not get in the way.
        pg.sql("postgres", "CREATE DATABASE " + SCRATCH + " OWNER " + Seed.APP_USER + "; COMMENT ON DATABASE "
                + SCRATCH + " IS '" + MARK + "'");
        pg.sql(SCRATCH, "CREATE TABLE leftover (x int)");

        Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("newest daily backup of 'shop' is " + newest,
                "table public.customers: 300 rows", "table public.documents: 501 rows", "table sales.orders: 200 rows",
                "row counts match the manifest (exact): 4 tables, 1001 rows",
                "OK: newest daily backup of 'shop' (" + newest + ") restored with every row its manifest counted:"
                        + " 4 tables, 1001 rows",
                "dropped scratch database '" + SCRATCH + "' left by an interrupted run",
                "dropped scratch database '" + SCRATCH + "'");
        assertThat(pg.databaseExists(SCRATCH)).isFalse();
    }

    @Test
    void aRealDatabaseWithTheScratchNameIsNeverDropped() {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();
        backup(run, dir);
        pg.sql("postgres", "CREATE DATABASE " + SCRATCH + " OWNER " + Seed.APP_USER);
        try {
            pg.sql(SCRATCH, "CREATE TABLE precious (x int); INSERT INTO precious VALUES (1)");

            Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString()));

            assertThat(r.exit()).as(r.toString()).isNotZero();
            assertThat(r.stderr()).contains("database '" + SCRATCH + "' exists and is not a backupgen scratch database");
            assertThat(pg.sql(SCRATCH, "SELECT count(*) FROM precious")).isEqualTo("1");
        } finally {
            pg.sql("postgres", "DROP DATABASE " + SCRATCH);
        }
    }

    @Test
    void corruptNewestBackupFailsLoudlyAndCleansUp() throws IOException {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();
        String newest = backup(run, dir);
        byte[] b = Files.readAllBytes(dir.resolve(newest));
        b[b.length - 3] ^= 0x20;
        Files.write(dir.resolve(newest), b);

        Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("checksum mismatch for " + newest,
                "restoring " + newest + " into '" + SCRATCH + "' failed");
        assertThat(pg.databaseExists(SCRATCH)).isFalse();
    }

    @Test
    void tooFewTablesFails() {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();
        backup(run, dir);

        Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_MIN_TABLES", "5"));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("restored backup has 4 tables, fewer than VERIFY_MIN_TABLES=5");
        assertThat(pg.databaseExists(SCRATCH)).isFalse();
    }

    @Test
    void noBackupFails() {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();

        Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("no daily backup of database 'shop' found");
        assertThat(pg.databaseExists(SCRATCH)).isFalse();
    }

    @Test
    void scratchMayNotBeTheLiveDatabase() {
        ScriptRunner run = runner(SERVER);
        Path dir = newBackupDir();

        Proc.Result r = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_SCRATCH_DB", DB));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("VERIFY_SCRATCH_DB must differ from the backed-up database 'shop'");
        assertThat(pg.databaseExists(DB)).isTrue();
    }
}
