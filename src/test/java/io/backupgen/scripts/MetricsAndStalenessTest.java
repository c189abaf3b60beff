package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.Pushgateway;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import io.backupgen.scripts.harness.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rendered scripts' metrics, pushed with busybox wget to a real Pushgateway after a real backup
 * and verification, and the verification's refusal of a backup older than its tier's threshold.
 */
class MetricsAndStalenessTest extends ScriptsTestBase {
    private static Pushgateway gateway;

    @BeforeAll
    static void startGateway() {
        gateway = Pushgateway.start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Proc.Result backup(ScriptRunner run, Path dir) {
        Proc.Result r = run.run(Workload.BACKUP_DAILY, Map.of("BACKUP_DIR", dir.toString()));
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    private static String published(Proc.Result r) {
        return r.stdout().replaceAll("(?s).*done: (\\S+)\\n.*", "$1");
    }

    private static double series(String metrics, String name, String cronJob) {
        Pattern p = Pattern.compile("(?m)^" + name + "\\{([^}]*)} (\\S+)$");
        Matcher m = p.matcher(metrics);
        while (m.find()) {
            if (m.group(1).contains("cronjob=\"" + cronJob + "\"")) {
                assertThat(m.group(1)).contains("job=\"backupgen\"", "namespace=\"default\"", "tier=\"daily\"",
                        "database=\"shop\"");
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no " + name + " of " + cronJob + " on the Pushgateway:\n" + metrics);
    }

    @Test
    void backupAndVerificationPushTheirMetricsToARealPushgateway() throws IOException {
        ScriptRunner run = runner(Map.of("pushgatewayUrl", gateway.url()));
        Path dir = newBackupDir();
        long before = Instant.now().getEpochSecond();
        String first = published(backup(run, dir));
        Proc.Result second = backup(run, dir);
        String newest = published(second);
        assertThat(second.stdout()).contains("pushed metrics to " + gateway.url()
                + "/metrics/job/backupgen/namespace/default/cronjob/shop-backup-daily/tier/daily");

        String metrics = gateway.metrics();
        String cj = "shop-backup-daily";
        assertThat(series(metrics, "backupgen_backup_size_bytes", cj)).isEqualTo(Files.size(dir.resolve(newest)));
        assertThat(series(metrics, "backupgen_backup_previous_size_bytes", cj)).isEqualTo(Files.size(dir.resolve(first)));
        assertThat(series(metrics, "backupgen_backup_last_success_timestamp_seconds", cj))
                .isBetween((double) before, (double) Instant.now().getEpochSecond() + 1);
        assertThat(series(metrics, "backupgen_backup_duration_seconds", cj)).isBetween(0d, 120d);

        Proc.Result verify = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_SCRATCH_DIR", scratch()));
        assertThat(verify.exit()).as(verify.toString()).isZero();
        assertThat(series(gateway.metrics(), "backupgen_verify_last_success_timestamp_seconds", "shop-backup-verify"))
                .isGreaterThanOrEqualTo(before);
    }

    @Test
    void aPushgatewayThatIsDownDoesNotFailTheBackup() {
        String down = "http://127.0.0.1:" + Pushgateway.freePort();
        ScriptRunner run = runner(Map.of("pushgatewayUrl", down));
        Path dir = newBackupDir();
        Proc.Result r = backup(run, dir);
        assertThat(r.stderr()).contains("WARNING: could not push metrics to " + down);
        assertThat(r.stdout()).contains("done: shop_daily_");
    }

    @Test
    void verificationFailsWhenTheNewestBackupIsOlderThanItsTierAllows() throws IOException {
        ScriptRunner run = runner(Map.of());
        long maxAge = Long.parseLong(run.rendered().env(Workload.VERIFY, Map.of(CREDENTIALS,
                Map.of("username", "u", "password", "p"))).get("VERIFY_MAX_AGE_SECONDS"));
        assertThat(maxAge).as("the daily tier's threshold, from the model").isGreaterThan(86400);
        Path dir = newBackupDir();
        String fresh = published(backup(run, dir));
        // The same backup, as if the last successful night were a threshold and an hour ago.
        String ts = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC)
                .format(Instant.now().minusSeconds(maxAge + 3600));
        String old = "shop_daily_" + ts + ".sql.gz";
        Files.move(dir.resolve(fresh), dir.resolve(old));
        Files.writeString(dir.resolve(old + ".sha256"),
                Files.readString(dir.resolve(fresh + ".sha256")).replace(fresh, old));
        Files.delete(dir.resolve(fresh + ".sha256"));

        Proc.Result stale = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_SCRATCH_DIR", scratch()));
        assertThat(stale.exit()).as(stale.toString()).isNotZero();
        assertThat(stale.stderr()).contains("newest daily backup " + old + " is ",
                "older than the daily schedule allows", "VERIFY_MAX_AGE_SECONDS=" + maxAge,
                "daily backups have stopped or are failing");
        assertThat(pg.databaseExists("shop_verify")).as("nothing restored").isFalse();

        String fresher = published(backup(run, dir));
        Proc.Result ok = run.run(Workload.VERIFY, Map.of("BACKUP_DIR", dir.toString(), "VERIFY_SCRATCH_DIR", scratch()));
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.stdout()).contains("newest daily backup " + fresher + " is 0h 0m old (the schedule allows ");
    }

    /** The verify pod's emptyDir for its throwaway server (initdb needs a passwd entry: nss_wrapper here). */
    private static String scratch() {
        io.backupgen.scripts.harness.Tools.requirePasswdEntryOrNssWrapper();
        return io.backupgen.scripts.harness.BackupDir.create(work, "scratch-" + System.nanoTime()).toString();
    }
}
