package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.scripts.harness.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * tiers.mode single with the rendered scripts against the real server: a year of nightly runs of
 * the one backup CronJob, with the clock injected by a {@code date} on PATH ahead of busybox's (the
 * product script has no test-only switch: a shim answers "now" from FAKE_NOW and passes
 * {@code date -d ...} through, exactly as a container's clock and busybox date would).
 */
class OneDumpModeTest extends ScriptsTestBase {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static Path clockDir;

    @BeforeAll
    static void fakeDate() throws IOException {
        clockDir = Files.createDirectories(work.resolve("clock"));
        Path date = clockDir.resolve("date");
        Files.writeString(date, """
                #!/bin/sh
                # Test clock: "now" is $FAKE_NOW (epoch seconds); date -d ... is busybox's own.
                for a in "$@"; do
                  case "$a" in -d | -d* | --date*) exec %1$s date "$@" ;; esac
                done
                exec %1$s date -d "@$FAKE_NOW" "$@"
                """.formatted(Tools.busybox()));
        Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(clockDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Proc.Result night(ScriptRunner run, Path dir, Instant at) {
        Proc.Result r = run.run(Workload.BACKUP, Map.of("BACKUP_DIR", dir.toString(),
                "FAKE_NOW", Long.toString(at.getEpochSecond())), List.of(clockDir));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static long inode(Path p) {
        try {
            return (Long) Files.getAttribute(p, "unix:ino");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aYearOfNightlyRunsLeavesExactlyTheExpectedTiersAsHardLinks() throws IOException {
        ScriptRunner run = runner(Map.of("mode", "single", "keepDaily", "7", "keepWeekly", "5", "keepMonthly", "12"));
        Path dir = newBackupDir();
        Instant first = Instant.parse("2025-01-01T02:00:00Z"); // a Wednesday, ISO week 2025-W01
        Proc.Result last = null;
        for (int day = 0; day < 365; day++) {
            last = night(run, dir, first.plusSeconds(86400L * day));
        }
        assertThat(last.stdout()).contains("done: shop_daily_20251231_020000.sql.gz");

        // daily keep 7: 25..31 December. weekly keep 5: the first run of each ISO week is its
        // Monday (1 January 2025 opened W01): 1, 8, 15, 22 and 29 December. monthly keep 12: the 1st
        // of every month of 2025.
        List<String> daily = new ArrayList<>();
        for (int d = 25; d <= 31; d++) {
            daily.add("202512" + d);
        }
        List<String> weekly = List.of("20251201", "20251208", "20251215", "20251222", "20251229");
        List<String> monthly = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            monthly.add("2025%02d01".formatted(m));
        }
        List<String> expected = new ArrayList<>();
        for (String[] tier : new String[][] {{"daily"}, {"weekly"}, {"monthly"}}) {
            List<String> days = tier[0].equals("daily") ? daily : tier[0].equals("weekly") ? weekly : monthly;
            for (String d : days) {
                expected.add("shop_" + tier[0] + "_" + d + "_020000.sql.gz");
                expected.add("shop_" + tier[0] + "_" + d + "_020000.sql.gz.sha256");
                expected.add("shop_" + tier[0] + "_" + d + "_020000.manifest");
                expected.add("shop_" + tier[0] + "_" + d + "_020000.manifest.sha256");
            }
        }
        assertThat(BackupDir.names(dir)).containsExactlyInAnyOrderElementsOf(expected);
        // Each tier's row-count manifest vouches for its own tier's file (by name and digest).
        for (String name : expected) {
            if (name.endsWith(".manifest")) {
                String dump = name.replace(".manifest", ".sql.gz");
                assertThat(Files.readString(dir.resolve(name))).contains("dump " + dump + "\n",
                        "sha256 " + BackupDir.sha256(Files.readAllBytes(dir.resolve(dump))) + "\n", "counts exact\n");
            }
        }

        // Each checksum file names its own tier's file and matches it.
        for (String name : expected) {
            if (name.endsWith(".sha256")) {
                String dump = name.substring(0, name.length() - ".sha256".length());
                assertThat(Files.readString(dir.resolve(name)))
                        .isEqualTo(BackupDir.sha256(Files.readAllBytes(dir.resolve(dump))) + "  " + dump + "\n");
            }
        }
        // One dump, several names: 29 December is daily and weekly, 1 December weekly and monthly.
        assertThat(inode(dir.resolve("shop_weekly_20251229_020000.sql.gz")))
                .isEqualTo(inode(dir.resolve("shop_daily_20251229_020000.sql.gz")));
        assertThat(inode(dir.resolve("shop_monthly_20251201_020000.sql.gz")))
                .isEqualTo(inode(dir.resolve("shop_weekly_20251201_020000.sql.gz")));
        assertThat(inode(dir.resolve("shop_monthly_20251101_020000.sql.gz")))
                .isNotEqualTo(inode(dir.resolve("shop_monthly_20251201_020000.sql.gz")));
        // 7 + 5 + 12 names, 22 distinct dumps on the volume.
        Map<Long, String> inodes = new TreeMap<>();
        for (String name : expected) {
            if (name.endsWith(".sql.gz")) {
                inodes.put(inode(dir.resolve(name)), name);
            }
        }
        assertThat(inodes).hasSize(22);

        // Restore from each tier gives the source's data back.
        Map<String, String> original = pg.fingerprint(DB);
        for (String tier : List.of("daily", "weekly", "monthly")) {
            String target = "shop_from_" + tier;
            pg.sql("postgres", "CREATE DATABASE " + target + " OWNER " + Seed.APP_USER);
            Proc.Result restore = run.run(Workload.RESTORE, Map.of("BACKUP_DIR", dir.toString(),
                    "RESTORE_TARGET_DB", target, "RESTORE_TIER", tier, "RESTORE_BACKUP_FIRST", "false"));
            assertThat(restore.exit()).as(restore.toString()).isZero();
            String newest = tier.equals("daily") ? "20251231" : tier.equals("weekly") ? "20251229" : "20251201";
            assertThat(restore.stdout()).contains("shop_" + tier + "_" + newest + "_020000.sql.gz");
            assertThat(pg.fingerprint(target)).as(tier).isEqualTo(original);
        }
        // And the verification job reads the newest daily backup as it does in the default layout. The
        // simulated year ended in 2025, so its staleness check (MetricsAndStalenessTest) is switched off.
        Tools.requirePasswdEntryOrNssWrapper();
        Proc.Result verify = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(),
                "VERIFY_SCRATCH_DIR", BackupDir.create(work, "scratch-one-dump").toString(),
                "VERIFY_MAX_AGE_SECONDS", "0"));
        assertThat(verify.exit()).as(verify.toString()).isZero();
    }

    @Test
    void withoutHardLinksTheTiersAreVerifiedCopies() throws IOException {
        // A volume that refuses links (some network file systems): an 'ln' that fails, first on PATH.
        Path noLinks = Files.createDirectories(work.resolve("no-links"));
        Path ln = noLinks.resolve("ln");
        Files.writeString(ln, "#!/bin/sh\necho 'ln: Operation not permitted' >&2\nexit 1\n");
        Files.setPosixFilePermissions(ln, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(noLinks, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScriptRunner run = runner(Map.of("mode", "single"));
        Path dir = newBackupDir();
        Proc.Result r = run.run(Workload.BACKUP, Map.of("BACKUP_DIR", dir.toString(),
                "FAKE_NOW", Long.toString(Instant.parse("2025-09-01T02:00:00Z").getEpochSecond())),
                List.of(noLinks, clockDir));
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("filed shop_daily_20250901_020000.sql.gz into weekly as"
                + " shop_weekly_20250901_020000.sql.gz (copy: the volume does not hard-link)");
        Path d = dir.resolve("shop_daily_20250901_020000.sql.gz");
        Path w = dir.resolve("shop_weekly_20250901_020000.sql.gz");
        Path m = dir.resolve("shop_monthly_20250901_020000.sql.gz");
        assertThat(inode(w)).isNotEqualTo(inode(d));
        assertThat(Files.readAllBytes(w)).isEqualTo(Files.readAllBytes(d));
        assertThat(Files.readAllBytes(m)).isEqualTo(Files.readAllBytes(d));
        assertThat(BackupDir.names(dir)).hasSize(12).noneMatch(n -> n.endsWith(".partial"));
    }

    @Test
    void aSecondRunInTheSameWeekAndMonthIsNotFiledAgain() {
        ScriptRunner run = runner(Map.of("mode", "single"));
        Path dir = newBackupDir();
        night(run, dir, Instant.parse("2025-09-01T02:00:00Z")); // Monday, 1st
        Proc.Result tuesday = night(run, dir, Instant.parse("2025-09-02T02:00:00Z"));
        assertThat(tuesday.stdout()).contains("weekly: shop_weekly_20250901_020000.sql.gz already holds this period")
                .contains("monthly: shop_monthly_20250901_020000.sql.gz already holds this period");
        assertThat(BackupDir.names(dir)).filteredOn(n -> n.startsWith("shop_weekly_")).hasSize(4);
        // The next ISO week starts on Monday 8 September; a new week, the same month.
        Proc.Result monday = night(run, dir, Instant.parse("2025-09-08T02:00:00Z"));
        assertThat(monday.stdout()).contains("into weekly as shop_weekly_20250908_020000.sql.gz")
                .contains("monthly: shop_monthly_20250901_020000.sql.gz already holds this period");
    }

    static String stamp(Instant i) {
        return STAMP.format(i);
    }

    static Map<String, String> env(Path dir) {
        return new HashMap<>(Map.of("BACKUP_DIR", dir.toString()));
    }
}
