package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.PgServer;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jobs {@code backupgen backup-now}, {@code list} and {@code restore} print, run by the harness exactly
 * as their container would (its env and command, under busybox sh as the pod's uid; only the volume and, for
 * another server, the connection are mapped) against a real PostgreSQL: they do what they say. Owners,
 * grants and sequences survive a round trip; --no-owner restores when the roles differ; --create-db,
 * --force and --backup-first behave as documented; --with-globals rebuilds the roles on a fresh server.
 */
class PrintedJobsRunTest extends ScriptsTestBase {

    private static final Instant NOW = Instant.parse("2026-11-22T03:04:05Z");
    private static final String LEDGER = "ledger";
    private static final String OWNER2 = "owner2";
    private static final String RESTORER = "restorer";
    private static final String RESTORER_PASSWORD = "restorer-secret-ü";
    private static final String SUPER_PASSWORD = "postgres-secret";
    private static final AtomicInteger N = new AtomicInteger();

    /**
     * Database {@value #LEDGER}: a schema and table owned by role owner2 (app is a member and did the work),
     * grants to reporting, a sequence with a value, an identity column.
     */
    @BeforeAll
    static void ownersAndGrants() {
        pg.sql("postgres", """
                CREATE ROLE owner2 NOLOGIN;
                GRANT owner2 TO app;
                CREATE ROLE restorer LOGIN CREATEDB PASSWORD '%s';
                ALTER ROLE postgres PASSWORD '%s';
                CREATE DATABASE ledger OWNER app;
                """.formatted(RESTORER_PASSWORD, SUPER_PASSWORD));
        pg.sql(LEDGER, """
                SET ROLE app;
                CREATE SCHEMA ledger AUTHORIZATION owner2;
                CREATE TABLE ledger.entries (id bigserial PRIMARY KEY, amount numeric NOT NULL, memo text);
                INSERT INTO ledger.entries (amount, memo) SELECT g * 1.5, 'entry ' || g FROM generate_series(1, 50) g;
                ALTER TABLE ledger.entries OWNER TO owner2;
                CREATE SEQUENCE ledger.ticket START 500;
                SELECT setval('ledger.ticket', 777);
                ALTER SEQUENCE ledger.ticket OWNER TO owner2;
                CREATE TABLE notes (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text);
                INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 20) g;
                GRANT USAGE ON SCHEMA ledger TO reporting;
                GRANT SELECT ON ledger.entries TO reporting;
                GRANT SELECT, INSERT ON notes TO reporting;
                RESET ROLE;
                """);
    }

    /** The spec the harness renders for {@code db}, written to a file, and the Jobs printed from it. */
    private record Project(RenderedScripts.Target target, Path spec, Path dir) {
        static Project of(String db, Map<String, String> options) {
            RenderedScripts.Target target = new RenderedScripts.Target(SLUG, pg.host(), pg.port(), db, options);
            try {
                Path folder = Files.createDirectories(work.resolve("project-" + N.incrementAndGet()));
                Path spec = Files.writeString(folder.resolve(RenderedScripts.SPEC_FILE), RenderedScripts.specText(target));
                return new Project(target, spec, newBackupDir());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Prints the Job with backupgen's CLI; returns its YAML. */
        String print(String command, String name, String... args) {
            List<String> all = new ArrayList<>(List.of(command, "-f", spec.toString(), "--name", name));
            all.addAll(List.of(args));
            CliRun r = CliRun.at(NOW, all.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            return r.out();
        }

        /** Runs the printed Job's container as the given user (the credentials Secret's values). */
        Proc.Result run(String jobYaml, String name, String user, String password, Map<String, String> overrides) {
            RenderedScripts rendered = RenderedScripts.render(target).with(jobYaml);
            ScriptRunner runner = new ScriptRunner(rendered, work.resolve("scripts-" + N.incrementAndGet()),
                    Map.of(CREDENTIALS, Map.of("username", user, "password", password)));
            return runner.run(name, Map.of("/backups", dir), overrides);
        }

        Proc.Result run(String jobYaml, String name) {
            return run(jobYaml, name, Seed.APP_USER, Seed.APP_PASSWORD, Map.of());
        }
    }

    private static Proc.Result ok(Proc.Result r) {
        return RetentionTest.ok(r);
    }

    private static String done(Proc.Result backup) {
        return backup.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
    }

    @Test
    void backupNowListAndARestoreIntoANewDatabaseKeepOwnersGrantsAndSequences() {
        Project p = Project.of(LEDGER, Map.of());
        Proc.Result backup = ok(p.run(p.print("backup-now", "ledger-now", "--tier", "daily"), "ledger-now"));
        String file = done(backup);
        assertThat(file).matches("ledger_daily_\\d{8}_\\d{6}\\.sql\\.gz");

        Proc.Result list = ok(p.run(p.print("list", "ledger-list"), "ledger-list"));
        assertThat(list.stdout()).containsPattern("daily +" + file.replace(".", "\\.")
                + " +[0-9.]+ KiB +\\d+m +OK +OK 2 tables, 70 rows \\(exact\\)");
        assertThat(list.stdout()).contains("1 backups of 'ledger', every checksum OK");

        // Restoring owners needs a user who can become every owner: here the superuser (the restore decides).
        String restore = p.print("restore", "ledger-restore", "--file", file, "--target-db", "ledger_copy",
                "--create-db", "--check-rows");
        Proc.Result r = ok(p.run(restore, "ledger-restore", "postgres", SUPER_PASSWORD, Map.of()));

        assertThat(r.stdout()).contains("target database 'ledger_copy' does not exist; it will be created",
                "created database 'ledger_copy'", "row counts match the manifest (exact): 2 tables, 70 rows");
        assertThat(ownersAndGrants("ledger_copy")).isEqualTo(ownersAndGrants(LEDGER))
                .anySatisfy(l -> assertThat(l).startsWith("r ledger.entries owner=owner2 acl={owner2=arwdDxt/owner2,"
                        + "reporting=r/owner2}"));
        assertThat(pg.fingerprint("ledger_copy")).isEqualTo(pg.fingerprint(LEDGER))
                .containsEntry("sequence ledger.ticket", "777/true");

        // A damaged backup: the list Job says which, and fails.
        try {
            byte[] b = Files.readAllBytes(p.dir().resolve(file));
            b[b.length / 3] ^= 0x04;
            Files.write(p.dir().resolve(file), b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Proc.Result bad = p.run(p.print("list", "ledger-list-2"), "ledger-list-2");
        assertThat(bad.exit()).as(bad.toString()).isNotZero();
        assertThat(bad.stdout()).containsPattern(file.replace(".", "\\.") + " +[0-9.]+ KiB +\\d+m +BAD +- \\(checksum"
                + " mismatch for " + file.replace(".", "\\."));
        assertThat(bad.stderr()).contains("1 backups of 'ledger'; 1 fail their checksum or manifest: do not restore those");
    }

    @Test
    void noOwnerRestoresWhenTheRolesDiffer() {
        Project p = Project.of(LEDGER, Map.of("format", "custom"));
        String file = done(ok(p.run(p.print("backup-now", "ledger-now-custom", "--tier", "weekly"), "ledger-now-custom")));

        // restorer cannot become owner2: with the dumped owners the restore fails as a whole.
        String asDumped = p.print("restore", "ledger-as-dumped", "--file", file, "--target-db", "ledger_r1",
                "--create-db");
        Proc.Result refused = p.run(asDumped, "ledger-as-dumped", RESTORER, RESTORER_PASSWORD, Map.of());
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("owner2", "the transaction was rolled back, the target is unchanged");
        assertThat(pg.userObjects("ledger_r1")).isZero();

        String noOwner = p.print("restore", "ledger-no-owner", "--file", file, "--target-db", "ledger_r2",
                "--create-db", "--no-owner", "--no-privileges", "--jobs", "2");
        Proc.Result r = ok(p.run(noOwner, "ledger-no-owner", RESTORER, RESTORER_PASSWORD, Map.of()));
        assertThat(r.stdout()).contains("WARNING: restoring " + file + " with 2 parallel jobs: parallel sessions"
                + " cannot be one transaction");
        assertThat(pg.fingerprint("ledger_r2")).isEqualTo(pg.fingerprint(LEDGER));
        assertThat(ownersAndGrants("ledger_r2")).filteredOn(l -> !l.startsWith("schema public"))
                .allSatisfy(l -> assertThat(l).contains("owner=restorer acl=-"));
    }

    @Test
    void forceAndBackupFirstBehaveAsDocumented() {
        Project p = Project.of(DB, Map.of());
        String file = done(ok(p.run(p.print("backup-now", "shop-now", "--tier", "daily"), "shop-now")));
        Map<String, String> live = pg.fingerprint(DB);

        // No --force: the live database holds tables, so it is refused and untouched.
        Proc.Result refused = p.run(p.print("restore", "shop-restore-1"), "shop-restore-1");
        assertThat(refused.exit()).as(refused.toString()).isNotZero();
        assertThat(refused.stderr()).contains("target database 'shop' is not empty", "refusing to restore over it");
        assertThat(pg.fingerprint(DB)).isEqualTo(live);

        // --force (backupFirst is on in the spec's defaults): the old content is backed up, then replaced.
        pg.sql("postgres", "CREATE DATABASE shop_stale OWNER app");
        pg.sql("shop_stale", "SET ROLE app; CREATE TABLE junk (x int); INSERT INTO junk VALUES (1), (2);");
        Map<String, String> stale = pg.fingerprint("shop_stale");
        Proc.Result forced = ok(p.run(p.print("restore", "shop-restore-2", "--file", file, "--target-db", "shop_stale",
                "--force"), "shop-restore-2"));
        assertThat(forced.stdout()).contains("backing up 'shop_stale' before restoring (tier prerestore)",
                "RESTORE_FORCE=true: its schemas will be replaced");
        assertThat(pg.fingerprint("shop_stale")).isEqualTo(live);
        List<String> pre = BackupDir.names(p.dir()).stream()
                .filter(n -> n.matches("shop_stale_prerestore_\\d{8}_\\d{6}\\.sql\\.gz")).toList();
        assertThat(pre).hasSize(1);
        // ... and that backup holds the old content: restore it with another printed Job.
        ok(p.run(p.print("restore", "shop-restore-3", "--file", pre.get(0), "--target-db", "shop_stale_old",
                "--create-db"), "shop-restore-3"));
        assertThat(pg.fingerprint("shop_stale_old")).isEqualTo(stale);

        // --force --no-backup-first: replaced, and no new prerestore backup.
        Proc.Result bare = ok(p.run(p.print("restore", "shop-restore-4", "--file", file, "--target-db", "shop_stale_old",
                "--force", "--no-backup-first"), "shop-restore-4"));
        assertThat(bare.stdout()).doesNotContain("backing up");
        assertThat(pg.fingerprint("shop_stale_old")).isEqualTo(live);
        assertThat(BackupDir.names(p.dir()).stream().filter(n -> n.startsWith("shop_stale_old_prerestore_"))).isEmpty();
    }

    @Test
    void withGlobalsRebuildsTheRolesOnAFreshServer() {
        Project p = Project.of(LEDGER, Map.of("globals", "true", "noRolePasswords", "true"));
        String file = done(ok(p.run(p.print("backup-now", "ledger-now-globals", "--tier", "monthly"),
                "ledger-now-globals")));
        try (PgServer fresh = PgServer.start()) {
            fresh.sql("postgres", "ALTER ROLE postgres PASSWORD '" + SUPER_PASSWORD + "'");
            Map<String, String> there = Map.of("PGHOST", fresh.host(), "PGPORT", Integer.toString(fresh.port()));
            String restore = p.print("restore", "ledger-fresh", "--file", file, "--create-db", "--with-globals",
                    "--check-rows");

            Proc.Result r = ok(p.run(restore, "ledger-fresh", "postgres", SUPER_PASSWORD, there));

            assertThat(r.stdout()).contains("globals: left as they are: postgres",
                    "applied the roles of " + file.replace(".sql.gz", ".globals.sql.gz"),
                    "row counts match the manifest (exact): 2 tables, 70 rows");
            assertThat(fresh.sql("postgres", "SELECT string_agg(rolname || ':' || rolcanlogin::int || ':' || rolcreatedb::int,"
                    + " ' ' ORDER BY rolname) FROM pg_roles WHERE rolname IN ('app', 'owner2', 'reporting', 'restorer')"))
                    .isEqualTo("app:1:1 owner2:0:0 reporting:0:0 restorer:1:1");
            assertThat(fresh.sql("postgres", "SELECT pg_has_role('app', 'owner2', 'MEMBER')")).isEqualTo("t");
            assertThat(ownersAndGrants(fresh, LEDGER)).isEqualTo(ownersAndGrants(LEDGER));
            assertThat(fresh.fingerprint(LEDGER)).isEqualTo(pg.fingerprint(LEDGER));

            // Again into another database: every role now exists and is left as it is.
            String again = p.print("restore", "ledger-fresh-2", "--file", file, "--target-db", "ledger_2",
                    "--create-db", "--with-globals");
            Proc.Result r2 = ok(p.run(again, "ledger-fresh-2", "postgres", SUPER_PASSWORD, there));
            assertThat(r2.stdout()).contains("globals: left as they are: app owner2 postgres reporting restorer",
                    "(0 created)");
        }
    }

    private static List<String> ownersAndGrants(String db) {
        return ownersAndGrants(pg, db);
    }

    /** Every user relation and schema: kind, name, owner and ACL, one line each. */
    private static List<String> ownersAndGrants(PgServer server, String db) {
        String rows = server.sql(db, """
                SELECT c.relkind::text || ' ' || format('%I.%I', n.nspname, c.relname) || ' owner='
                       || pg_get_userbyid(c.relowner) || ' acl=' || coalesce(c.relacl::text, '-')
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_' AND c.relkind IN ('r', 'S', 'v')
                UNION ALL
                SELECT 'schema ' || nspname || ' owner=' || pg_get_userbyid(nspowner) || ' acl='
                       || coalesce(nspacl::text, '-')
                FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname !~ '^pg_'
                ORDER BY 1""");
        Map<String, String> unique = new LinkedHashMap<>();
        for (String l : rows.split("\n")) {
            unique.put(l, l);
        }
        return List.copyOf(unique.values());
    }
}
