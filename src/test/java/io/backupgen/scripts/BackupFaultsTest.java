package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure exits non-zero with a message naming it, leaves every earlier backup byte-identical and
 * leaves no new file at all (no final name, no temporary file).
 */
class BackupFaultsTest extends ScriptsTestBase {

    static Path dir;
    static Map<String, String> before;
    static Map<String, String> env;

    @BeforeAll
    static void earlierBackups() {
        dir = newBackupDir();
        env = Map.of("BACKUP_DIR", dir.toString());
        ScriptRunner run = runner(Map.of());
        RetentionTest.ok(run.run(Workload.BACKUP_DAILY, env));
        RetentionTest.ok(run.run(Workload.BACKUP_WEEKLY, env));
        before = BackupDir.snapshot(dir);
        assertThat(before).hasSize(8); // two dumps, each with its .sha256, manifest and manifest .sha256
    }

    @Test
    void wrongPassword() {
        Proc.Result r = runner(Map.of(), "not-the-password").run(Workload.BACKUP_DAILY, env);
        assertFailedCleanly(r, "cannot connect to database 'shop' as 'app'", "password authentication failed");
    }

    @Test
    void serverDown() {
        pg.stopServer();
        try {
            Proc.Result r = runner(Map.of()).run(Workload.BACKUP_DAILY, env);
            assertFailedCleanly(r, "is not accepting connections", "server down or unreachable");
        } finally {
            pg.startServer();
        }
    }

    @Test
    void serverKilledMidDump() {
        // Deterministic "mid-dump": a session holds an exclusive lock on a table, so pg_dump (which has
        // already created its output file) waits on its lock; then the server is killed.
        Proc.Running locker = Proc.start(pg.psqlCommand(DB), null,
                "BEGIN; LOCK TABLE public.customers IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);");
        try {
            waitFor("the lock holder", () -> "1".equals(pg.sql(DB, "SELECT count(*) FROM pg_locks WHERE granted"
                    + " AND mode = 'AccessExclusiveLock' AND relation = 'public.customers'::regclass")));
            Proc.Running backup = runner(Map.of()).start(Workload.BACKUP_DAILY, env, List.of());
            waitFor("pg_dump to block on the lock", () -> "1".equals(pg.sql("postgres", "SELECT count(*) FROM"
                    + " pg_stat_activity WHERE application_name = 'pg_dump' AND wait_event_type = 'Lock'")));
            assertThat(BackupDir.names(dir)).as("the dump is in progress under a temporary name")
                    .anyMatch(n -> n.matches("\\.shop_daily_\\d{8}_\\d{6}\\.sql\\.gz\\.partial"));

            pg.killServer();
            Proc.Result r = backup.await(Duration.ofSeconds(60));

            assertFailedCleanly(r, "pg_dump of database 'shop' failed", "no backup was written");
        } finally {
            locker.await(Duration.ofSeconds(30));
            if (!pg.isRunning()) {
                pg.startServer();
            }
        }
    }

    @Test
    void snapshotSessionKilledWhileCountingFailsTheBackupInsteadOfHanging() {
        // Both the counting session and pg_dump wait on a lock; the counting session is terminated, then the
        // lock released: pg_dump (its snapshot already imported) completes, and the script must notice that
        // the counts never came, through the reply FIFO, rather than wait or publish a dump without them.
        Proc.Running locker = Proc.start(pg.psqlCommand(DB), null,
                "BEGIN; LOCK TABLE public.customers IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120);");
        String counting = "FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = 'shop'"
                + " AND query LIKE '%query_to_xml%' AND wait_event_type = 'Lock'";
        try {
            waitFor("the lock holder", () -> "1".equals(pg.sql(DB, "SELECT count(*) FROM pg_locks WHERE granted"
                    + " AND mode = 'AccessExclusiveLock' AND relation = 'public.customers'::regclass")));
            Proc.Running backup = runner(Map.of()).start(Workload.BACKUP_DAILY, env, List.of());
            waitFor("the count and pg_dump to wait on the lock", () -> "1".equals(pg.sql("postgres",
                    "SELECT count(*) " + counting)) && "1".equals(pg.sql("postgres", "SELECT count(*) FROM"
                    + " pg_stat_activity WHERE application_name = 'pg_dump' AND wait_event_type = 'Lock'")));

            pg.sql("postgres", "SELECT pg_terminate_backend(pid) " + counting);
            pg.sql("postgres", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND query LIKE '%pg_sleep(120)%'");
            Proc.Result r = backup.await(Duration.ofSeconds(60));

            assertThat(r.stdout()).contains("holding snapshot", "pg_dump finished");
            assertFailedCleanly(r, "counting rows in the dump's snapshot failed", "connection to server was lost");
        } finally {
            locker.await(Duration.ofSeconds(30));
        }
    }

    @Test
    void backupDirectoryNotWritable() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-x---"));
        try {
            Proc.Result r = runner(Map.of()).run(Workload.BACKUP_DAILY, env);
            assertFailedCleanly(r, "backup directory " + dir + " is not writable");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        }
    }

    @Test
    void clientOlderThanServer() throws IOException {
        // Test seam: a pg_dump earlier on PATH that reports an old major version. Nothing in the script
        // can be told to pretend; it asks the binary it would run.
        Path shim = work.resolve("old-client");
        Files.createDirectories(shim);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        int server = Integer.parseInt(pg.sql("postgres", "SHOW server_version_num")) / 10000;
        int old = server - 1;
        Path fake = shim.resolve("pg_dump");
        Files.writeString(fake, """
                #!/bin/sh
                if [ "$1" = "--version" ]; then echo "pg_dump (PostgreSQL) %d.11"; exit 0; fi
                echo "fake old pg_dump must never be asked to dump" >&2
                exit 99
                """.formatted(old));
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        Proc.Result r = runner(Map.of()).run(Workload.BACKUP_DAILY, env, List.of(shim));

        assertFailedCleanly(r, "pg_dump major version " + old + " is older than the server's " + server);
        assertThat(r.output()).doesNotContain("must never be asked to dump");
    }

    @Test
    void dumpFailingAfterConnectingIsNotHiddenByCompression() {
        // The seed's pg_dump | gzip exited 0 here and published a tiny valid gzip.
        pg.sql(DB, "CREATE TABLE public.not_for_app (id int); INSERT INTO public.not_for_app VALUES (1);");
        try {
            Proc.Result r = runner(Map.of()).run(Workload.BACKUP_DAILY, env);
            assertFailedCleanly(r, "pg_dump of database 'shop' failed", "permission denied");
        } finally {
            pg.sql(DB, "DROP TABLE public.not_for_app");
        }
    }

    @Test
    void globalsNeedNoRolePasswordsWhenNotSuperuser() {
        Proc.Result r = runner(Map.of("globals", "true", "noRolePasswords", "false")).run(Workload.BACKUP_DAILY, env);
        assertFailedCleanly(r, "pg_dumpall --globals-only failed", "BACKUP_NO_ROLE_PASSWORDS=true");
    }

    @Test
    void invalidSettingsAreRejectedBeforeTouchingAnything() {
        // The spec refuses compressionLevel 0 with format plain; this is a hand-edited ConfigMap.
        Proc.Result r = runner(Map.of()).run(Workload.BACKUP_DAILY,
                Map.of("BACKUP_DIR", dir.toString(), "BACKUP_FORMAT", "plain", "BACKUP_COMPRESSION", "0"));
        assertFailedCleanly(r, "BACKUP_FORMAT=plain writes gzip and needs BACKUP_COMPRESSION 1-9");
        // (the spec schema already refuses keep: 0; this is a hand-edited ConfigMap)
        r = runner(Map.of()).run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString(), "BACKUP_KEEP", "0"));
        assertFailedCleanly(r, "BACKUP_KEEP must be an integer >= 1, got '0'");
    }

    private static void assertFailedCleanly(Proc.Result r, String... messages) {
        System.out.println(r); // the script's log, kept in target/surefire-reports/*-output.txt
        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).as(r.toString()).contains("ERROR:").contains(messages);
        assertThat(BackupDir.snapshot(dir)).as("backup directory after the failure").isEqualTo(before);
    }

    private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
