package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rendered restore script: checksum first, non-empty targets only with force, all or nothing. */
class RestoreSafetyTest extends ScriptsTestBase {

    private static int dbCounter;

    /** A backup directory holding one verified daily backup of shop in the given format; returns its name. */
    private static String backup(ScriptRunner run, Path dir) {
        Proc.Result r = RetentionTest.ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));
        return r.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
    }

    private static String newDatabase(String sqlAsApp) {
        String db = "target_" + (++dbCounter);
        pg.sql("postgres", "CREATE DATABASE " + db + " OWNER " + Seed.APP_USER);
        if (sqlAsApp != null) {
            pg.sql(db, "SET ROLE " + Seed.APP_USER + ";\n" + sqlAsApp);
        }
        return db;
    }

    private static final String OTHER_CONTENT = """
            CREATE TABLE junk (x int); INSERT INTO junk VALUES (1), (2);
            CREATE TABLE customers (id int, name text); INSERT INTO customers VALUES (42, 'not from the backup');
            """;

    @Test
    void nonEmptyTargetIsRefusedWithoutForce() {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        backup(run, dir);
        String target = newDatabase(OTHER_CONTENT);
        Map<String, String> fingerprint = pg.fingerprint(target);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("target database '" + target + "' is not empty", "RESTORE_FORCE=true");
        assertThat(pg.fingerprint(target)).isEqualTo(fingerprint);
    }

    @Test
    void defaultTargetIsTheLiveDatabaseAndIsRefusedToo() {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        backup(run, dir);
        Map<String, String> fingerprint = pg.fingerprint(DB);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString()));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("target database 'shop' is not empty");
        assertThat(pg.fingerprint(DB)).isEqualTo(fingerprint);
    }

    @Test
    void forceReplacesTheContentAndBackupFirstKeepsTheOldOne() throws IOException {
        ScriptRunner run = runner(Map.of("format", "custom"));
        Path dir = newBackupDir();
        String file = backup(run, dir);
        String target = newDatabase(OTHER_CONTENT);
        Map<String, String> old = pg.fingerprint(target);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target,
                "RESTORE_FILE", file, "RESTORE_FORCE", "true", "RESTORE_BACKUP_FIRST", "true"));

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(pg.fingerprint(target)).isEqualTo(pg.fingerprint(DB));
        List<String> pre = BackupDir.names(dir).stream().filter(n -> n.startsWith(target + "_prerestore_")).toList();
        assertThat(pre).hasSize(4);
        assertThat(pre.get(0)).matches(target + "_prerestore_\\d{8}_\\d{6}\\.dump");
        assertThat(pre).containsExactly(pre.get(0), pre.get(0) + ".sha256", pre.get(0).replace(".dump", ".manifest"),
                pre.get(0).replace(".dump", ".manifest.sha256"));
        // The pre-restore backup holds the old content: restore it (newest of tier prerestore) elsewhere.
        String copy = newDatabase(null);
        RetentionTest.ok(run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "PGDATABASE", target,
                "RESTORE_TIER", "prerestore", "RESTORE_TARGET_DB", copy)));
        assertThat(pg.fingerprint(copy)).isEqualTo(old).containsKey("table public.junk");
    }

    @Test
    void checksumMismatchIsRefused() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        String file = backup(run, dir);
        byte[] b = Files.readAllBytes(dir.resolve(file));
        b[b.length / 2] ^= 0x01;
        Files.write(dir.resolve(file), b);
        String target = newDatabase(null);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("checksum mismatch for " + file, "refusing to restore a corrupt");
        assertThat(pg.userObjects(target)).isZero();
    }

    @Test
    void missingChecksumIsRefused() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        String file = backup(run, dir);
        Files.delete(dir.resolve(file + ".sha256"));
        String target = newDatabase(null);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target,
                "RESTORE_FILE", file));

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("checksum file " + file + ".sha256 is missing");
        assertThat(pg.userObjects(target)).isZero();
    }

    @Test
    void aBackupThatBreaksMidRestoreLeavesAForcedTargetAsItWas() throws IOException {
        // A custom dump cut short, with a checksum and a manifest that match the cut file (as a bad writer
        // would leave them): pg_restore fails half-way; COMMIT is never sent, so even the forced DROP SCHEMA
        // rolls back.
        ScriptRunner run = runner(Map.of("format", "custom", "compression", "0"));
        Path dir = newBackupDir();
        String file = backup(run, dir);
        byte[] b = Files.readAllBytes(dir.resolve(file));
        BackupDir.forge(dir, file, Arrays.copyOf(b, b.length * 2 / 3));
        String target = newDatabase(OTHER_CONTENT);
        Map<String, String> fingerprint = pg.fingerprint(target);

        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_TARGET_DB", target,
                "RESTORE_FILE", file, "RESTORE_FORCE", "true"));
        System.out.println(r);

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stdout()).contains("RESTORE_FORCE=true: its schemas will be replaced", "restoring " + file);
        assertThat(r.stderr()).contains("the transaction was rolled back, the target is unchanged");
        assertThat(pg.fingerprint(target)).isEqualTo(fingerprint);
    }

    @Test
    void globalsFileAndPathsAreNotRestorable() {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        Proc.Result r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(),
                "RESTORE_FILE", "shop_daily_20260101_020000.globals.sql.gz"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("holds roles and other globals");
        r = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(), "RESTORE_FILE", "../etc/passwd.sql.gz"));
        assertThat(r.exit()).isNotZero();
        assertThat(r.stderr()).contains("RESTORE_FILE must be a file name in");
    }
}
