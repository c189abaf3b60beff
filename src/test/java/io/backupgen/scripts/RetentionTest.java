package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.scripts.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pruning keeps exactly BACKUP_KEEP of its own tier of its own database and nothing else is touched. */
class RetentionTest extends ScriptsTestBase {

    @Test
    void tenDailyRunsKeepSevenAndLeaveOtherTiersAndDatabasesAlone() {
        // A second database whose name makes the seed's loose glob (shop_daily_*.sql.gz) match its files.
        Seed.database(pg, "shop_daily");
        ScriptRunner run = runner(Map.of("keepDaily", "7"));
        Path dir = newBackupDir();
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());

        ok(run.run(Workload.BACKUP_WEEKLY, env));
        ok(run.run(Workload.BACKUP_MONTHLY, env));
        ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString(), "PGDATABASE", "shop_daily")));
        Map<String, String> others = BackupDir.snapshot(dir);
        assertThat(others).hasSize(12); // each: dump, .sha256, .manifest, .manifest.sha256

        List<String> written = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Proc.Result r = ok(run.run(Workload.BACKUP_DAILY, env));
            String name = r.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
            assertThat(name).matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz");
            written.add(name);
        }

        Map<String, String> after = BackupDir.snapshot(dir);
        List<String> daily = after.keySet().stream().filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz")).toList();
        List<String> sums = after.keySet().stream().filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz\\.sha256")).toList();
        assertThat(daily).as("the 7 newest daily backups").containsExactlyElementsOf(written.subList(3, 10));
        assertThat(sums).hasSize(7).allSatisfy(s -> assertThat(daily).contains(s.replace(".sha256", "")));
        List<String> manifests = after.keySet().stream().filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.manifest")).toList();
        assertThat(manifests).as("each kept dump keeps its manifest, pruned ones lose theirs")
                .containsExactlyElementsOf(daily.stream().map(d -> d.replace(".sql.gz", ".manifest")).toList());
        others.forEach((name, sha) -> assertThat(after).as("untouched: " + name).containsEntry(name, sha));
        assertThat(after).hasSize(12 + 28);
    }

    @Test
    void globalsSiblingsArePrunedWithTheirDumpAndOnlyThen() {
        ScriptRunner run = runner(Map.of("keepMonthly", "2", "globals", "true", "noRolePasswords", "true",
                "format", "custom"));
        Path dir = newBackupDir();
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());
        for (int i = 0; i < 3; i++) {
            ok(run.run(Workload.BACKUP_MONTHLY, env));
        }
        List<String> names = BackupDir.names(dir);
        assertThat(names).hasSize(12);
        assertThat(names.stream().filter(n -> n.endsWith(".dump"))).hasSize(2);
        assertThat(names.stream().filter(n -> n.endsWith(".globals.sql.gz"))).hasSize(2);
        for (String n : names) {
            String stem = n.replaceAll("\\..*", "");
            assertThat(names).contains(stem + ".dump", stem + ".dump.sha256", stem + ".globals.sql.gz",
                    stem + ".globals.sql.gz.sha256", stem + ".manifest", stem + ".manifest.sha256");
        }
    }

    @Test
    void dayOldTemporaryFilesOfThisTierAndDatabaseAreRemovedOthersKept() throws IOException {
        ScriptRunner run = runner(Map.of());
        Path dir = newBackupDir();
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        List<String> stale = List.of(".shop_daily_20200101_000000.sql.gz.partial",
                ".shop_daily_20200101_000000.sql.gz.sha256.partial", ".shop_daily_20200101_000000.globals.sql.partial");
        List<String> kept = List.of(".shop_daily_daily_20200101_000000.sql.gz.partial", // database shop_daily
                ".shop_weekly_20200101_000000.sql.gz.partial", // another tier
                "shop_daily_20200101_000000.sql.gz.partial"); // not one of ours (not hidden)
        for (String n : stale) {
            Files.writeString(dir.resolve(n), "x");
            Files.setLastModifiedTime(dir.resolve(n), twoDaysAgo);
        }
        for (String n : kept) {
            Files.writeString(dir.resolve(n), "x");
            Files.setLastModifiedTime(dir.resolve(n), twoDaysAgo);
        }
        String young = ".shop_daily_20200102_000000.dump.partial"; // could be a running job's
        Files.writeString(dir.resolve(young), "x");
        Tools.chownToPod(dir);

        Proc.Result r = ok(run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString())));

        List<String> names = BackupDir.names(dir);
        assertThat(names).doesNotContainAnyElementsOf(stale).containsAll(kept).contains(young);
        assertThat(r.stdout()).contains("removed " + stale.get(0) + ", left by an interrupted run");
    }

    @Test
    void aBackupDirectoryWithSpacesAndGlobCharactersIsHandledLiterally() {
        ScriptRunner run = runner(Map.of("keepWeekly", "1"));
        Path dir = io.backupgen.scripts.harness.BackupDir.create(work, "back ups [x] *");
        Map<String, String> env = Map.of("BACKUP_DIR", dir.toString());
        ok(run.run(Workload.BACKUP_WEEKLY, env));
        Proc.Result second = ok(run.run(Workload.BACKUP_WEEKLY, env));
        assertThat(second.stdout()).contains("pruned shop_weekly_");
        List<String> names = BackupDir.names(dir);
        assertThat(names).hasSize(4);
        assertThat(names.get(2)).matches("shop_weekly_\\d{8}_\\d{6}\\.sql\\.gz");
    }

    static Proc.Result ok(Proc.Result r) {
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }
}
