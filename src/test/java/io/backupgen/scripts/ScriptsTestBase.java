package io.backupgen.scripts;

import io.backupgen.scripts.harness.PgServer;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.scripts.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real PostgreSQL per test class, seeded with database {@value #DB}; scripts come from the rendered output. */
abstract class ScriptsTestBase {

    static final String SLUG = "shop";
    static final String DB = "shop";
    static final String CREDENTIALS = SLUG + "-db-credentials";

    static PgServer pg;
    static Path work;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void startDatabase() throws IOException {
        Tools.busybox();
        Tools.pgBin();
        Tools.appletDir();
        work = Files.createTempDirectory("backupgen-scripts-");
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        pg = PgServer.start();
        Seed.roles(pg);
        Seed.database(pg, DB);
    }

    @AfterAll
    static void stopDatabase() {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            pg = null;
            if (work != null) {
                Proc.run("chmod", "-R", "u+rwx", work.toString());
                Proc.run("rm", "-rf", work.toString());
            }
        }
    }

    /** Renders for the test server with spec-level options and returns a runner for its scripts. */
    static ScriptRunner runner(Map<String, String> options) {
        return runner(options, Seed.APP_PASSWORD);
    }

    static ScriptRunner runner(Map<String, String> options, String password) {
        RenderedScripts rendered = RenderedScripts.render(
                new RenderedScripts.Target(SLUG, pg.host(), pg.port(), DB, options));
        return new ScriptRunner(rendered, work.resolve("scripts-" + COUNTER.incrementAndGet()),
                Map.of(CREDENTIALS, Map.of("username", Seed.APP_USER, "password", password)));
    }

    static Path newBackupDir() {
        return io.backupgen.scripts.harness.BackupDir.create(work, "backups-" + COUNTER.incrementAndGet());
    }
}
