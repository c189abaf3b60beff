package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.BackupDir;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts;
import io.backupgen.scripts.harness.S3Proxy;
import io.backupgen.scripts.harness.ScriptRunner;
import io.backupgen.scripts.harness.Seed;
import io.backupgen.scripts.harness.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Off-site copies with the real things: the rendered backup pod (backup.sh in its init container, then
 * upload.sh) and the rendered restore/verification pods (fetch.sh first) under busybox sh as the pod's uid,
 * Debian's rclone against s3proxy (a real S3 API, filesystem backend, one per class) and the real
 * PostgreSQL of the harness. Each test uses its own bucket or prefix.
 */
class OffsiteTest extends ScriptsTestBase {

    private static final String S3_SECRET = "shop-offsite-s3";
    private static final String KEY_SECRET = "shop-offsite-key";
    private static final String PASSWORD = "correct horse battery staple";
    private static final String SALT = "pepper-2026";
    private static final AtomicInteger N = new AtomicInteger();
    private static S3Proxy s3;

    @BeforeAll
    static void startStore() {
        s3 = S3Proxy.start();
    }

    @AfterAll
    static void stopStore() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** A spec for this store: bucket, prefix, keep per tier, storage mode; secrets the test supplies. */
    private record Store(String bucket, String prefix, int keepDaily, boolean scratch, String format) {
        String tail() {
            return """
                    storage:
                      mode: %s
                    restore:
                      backupFirst: false
                    offsite:
                      enabled: true
                      provider: Other
                      endpoint: "%s"
                      region: us-east-1
                      bucket: %s
                      prefix: %s
                      pathStyle: true
                      credentials: {secretName: %s, accessKeyIdKey: access, secretAccessKeyKey: secret}
                      encryption: {secretName: %s}
                      keep: {daily: %d}
                    """.formatted(scratch ? "scratch" : "volume", s3.endpoint(), bucket, prefix, S3_SECRET,
                    KEY_SECRET, keepDaily);
        }
    }

    private static Store newStore(int keepDaily, boolean scratch, String format) {
        String bucket = "backups-" + N.incrementAndGet();
        s3.createBucket(bucket);
        return new Store(bucket, "shop/production", keepDaily, scratch, format);
    }

    private static ScriptRunner runner(Store store, String accessSecret, String password) {
        RenderedScripts rendered = RenderedScripts.render(new RenderedScripts.Target(SLUG, pg.host(), pg.port(), DB,
                Map.of("mode", "single".equals(store.format()) ? "single" : "separate",
                        "format", "custom".equals(store.format()) ? "custom" : "plain",
                        "compression", "custom".equals(store.format()) ? "0" : "6",
                        "specTail", store.tail())));
        return new ScriptRunner(rendered, work.resolve("scripts-offsite-" + N.incrementAndGet()), Map.of(
                CREDENTIALS, Map.of("username", Seed.APP_USER, "password", Seed.APP_PASSWORD),
                S3_SECRET, Map.of("access", S3Proxy.ACCESS_KEY, "secret", accessSecret),
                KEY_SECRET, Map.of("password", password, "salt", SALT)));
    }

    private static ScriptRunner runner(Store store) {
        return runner(store, S3Proxy.SECRET_KEY, PASSWORD);
    }

    private static List<Proc.Result> backup(ScriptRunner run, Path dir) {
        return run.runPod(SLUG + "-backup-daily", Map.of("BACKUP_DIR", dir.toString()), List.of(Tools.rcloneDir()));
    }

    private static Proc.Result backupOk(ScriptRunner run, Path dir) {
        List<Proc.Result> rs = backup(run, dir);
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).exit()).as(rs.get(0).toString()).isZero();
        assertThat(rs.get(1).exit()).as(rs.get(1).toString()).isZero();
        return rs.get(1);
    }

    /** What the bucket holds under the store's prefix, listed (and decrypted) by rclone through the crypt remote. */
    private static List<String> listed(ScriptRunner run, Store store) {
        Proc.Result r = s3.rclone(List.of("lsf", "--files-only", "--crypt-remote", "store:" + store.bucket() + "/"
                + store.prefix(), "--crypt-password", obscure(PASSWORD), "--crypt-password2", obscure(SALT),
                ":crypt:"), S3Proxy.ACCESS_KEY, S3Proxy.SECRET_KEY);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r.stdout().lines().sorted().toList();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String obscure(String s) {
        return Proc.run(List.of(Tools.rclone().toString(), "obscure", s), Map.of("PATH", "/usr/bin:/bin"), null,
                Duration.ofSeconds(20)).ok().stdout().trim();
    }

    private static String newestDump(List<String> names) {
        return names.stream().filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.(sql\\.gz|dump)")).sorted()
                .reduce((a, b) -> b).orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------

    @Test
    void backupPodDumpsInItsInitContainerAndUploadsFromRclonesImage() {
        Store store = newStore(7, false, "plain");
        RenderedScripts r = runner(store).rendered();
        String cj = SLUG + "-backup-daily";
        assertThat(r.containerNames(cj)).containsExactly("backup", "upload");
        assertThat(r.scriptOf(cj, "backup")).isEqualTo("backup.sh");
        assertThat(r.scriptOf(cj, "upload")).isEqualTo("upload.sh");
        assertThat(r.imageOf(cj, "upload")).startsWith("docker.io/rclone/rclone:");
        assertThat(r.containerNames(SLUG + "-backup-verify")).containsExactly("fetch", "verify");
    }

    @Test
    void roundTripThroughTheBucketRestoresIdenticalTablesAndSequences() {
        Store store = newStore(7, true, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        Proc.Result up = backupOk(run, volume);
        String dump = newestDump(BackupDir.names(volume));
        String stem = dump.replace(".sql.gz", "");
        assertThat(up.stdout()).contains("uploaded and checked " + dump, "done: " + dump + " is off-site");

        List<String> remote = listed(run, store);
        assertThat(remote).containsExactlyInAnyOrder(dump, dump + ".sha256", stem + ".manifest",
                stem + ".manifest.sha256");
        // No temporary key is left, and nothing is stored in plaintext names.
        assertThat(s3.objects(store.bucket(), store.prefix()).keySet()).hasSize(4)
                .noneMatch(k -> k.contains("shop_daily") || k.contains("partial"));

        // A restore pod without a volume: fetch.sh into its scratch, then restore.sh from there.
        String target = "shop_from_bucket";
        pg.sql("postgres", "CREATE DATABASE " + target + " OWNER " + Seed.APP_USER);
        Path emptyVolume = newBackupDir();
        Path fetched = newBackupDir();
        List<Proc.Result> restore = run.runPod(SLUG + "-backup-restore", Map.of("BACKUP_DIR", emptyVolume.toString(),
                "FETCH_DIR", fetched.toString(), "RESTORE_SOURCE_DIR", fetched.toString(), "RESTORE_TARGET_DB", target),
                List.of(Tools.rcloneDir()));
        assertThat(restore).hasSize(2);
        assertThat(restore.get(0).exit()).as(restore.get(0).toString()).isZero();
        assertThat(restore.get(0).stdout()).contains("fetched and checked " + dump);
        assertThat(restore.get(1).exit()).as(restore.get(1).toString()).isZero();
        assertThat(pg.fingerprint(target)).isEqualTo(pg.fingerprint(DB));
        assertThat(BackupDir.snapshot(fetched)).isEqualTo(BackupDir.snapshot(volume));

        // The verification proves the bucket's copy: fetch, then a throwaway server restores and counts rows.
        Tools.requirePasswdEntryOrNssWrapper();
        Path verifyFetched = newBackupDir();
        Path scratch = newBackupDir();
        List<Proc.Result> verify = run.runPod(SLUG + "-backup-verify", Map.of("BACKUP_DIR", verifyFetched.toString(),
                "FETCH_DIR", verifyFetched.toString(), "VERIFY_SCRATCH_DIR", scratch.toString()),
                List.of(Tools.rcloneDir()));
        assertThat(verify).hasSize(2);
        assertThat(verify.get(0).exit()).as(verify.get(0).toString()).isZero();
        assertThat(verify.get(1).exit()).as(verify.get(1).toString()).isZero();
        assertThat(verify.get(1).stdout()).contains(dump);
    }

    @Test
    void retentionInTheBucketKeepsExactlyKeepNewestAndNeverTheNewOne() {
        Store store = newStore(2, false, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        for (int i = 0; i < 4; i++) {
            backupOk(run, volume);
        }
        List<String> local = BackupDir.names(volume).stream()
                .filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz")).sorted().toList();
        List<String> remoteDumps = listed(run, store).stream()
                .filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz")).toList();
        // keep 2 in the bucket (offsite.keep.daily), 7 on the volume (the tier's keep)
        assertThat(local).hasSize(4);
        assertThat(remoteDumps).containsExactlyElementsOf(local.subList(2, 4));
        assertThat(listed(run, store)).hasSize(2 * 4);

        // backupgen list --from offsite: fetch.sh's listing, names decrypted, with their sizes.
        Proc.Result list = run.startContainer(SLUG + "-backup-verify", "fetch", Map.of("FETCH_LIST", "true"),
                List.of(Tools.rcloneDir())).await(Duration.ofSeconds(120));
        assertThat(list.exit()).as(list.toString()).isZero();
        for (String dump : local.subList(2, 4)) {
            assertThat(list.stdout()).contains(size(volume.resolve(dump)) + " " + dump);
        }
        assertThat(list.stdout()).doesNotContain(local.get(0), local.get(1));
        Proc.Result wrongKey = runner(store, S3Proxy.SECRET_KEY, "wrong").startContainer(SLUG + "-backup-verify", "fetch",
                Map.of("FETCH_LIST", "true"), List.of(Tools.rcloneDir())).await(Duration.ofSeconds(120));
        assertThat(wrongKey.exit()).isNotZero();
        assertThat(wrongKey.stderr()).contains("none decrypts with this key");
    }

    @Test
    void oneDumpModeUploadsTheTiersItFilesOncePerPeriod() {
        // "single" stands for tiers.mode single (plain dumps): one job files its dump into weekly and monthly.
        Store store = newStore(7, false, "single");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        List<Proc.Result> first = run.runPod(SLUG + "-backup", Map.of("BACKUP_DIR", volume.toString()),
                List.of(Tools.rcloneDir()));
        assertThat(first).hasSize(2);
        assertThat(first.get(1).exit()).as(first.get(1).toString()).isZero();
        List<String> dumps = listed(run, store).stream().filter(n -> n.endsWith(".sql.gz")).toList();
        assertThat(dumps).hasSize(3).anyMatch(n -> n.startsWith("shop_daily_")).anyMatch(n -> n.startsWith("shop_weekly_"))
                .anyMatch(n -> n.startsWith("shop_monthly_"));
        List<Proc.Result> second = run.runPod(SLUG + "-backup", Map.of("BACKUP_DIR", volume.toString()),
                List.of(Tools.rcloneDir()));
        assertThat(second.get(1).exit()).as(second.get(1).toString()).isZero();
        assertThat(second.get(1).stdout()).contains("is already off-site");
        assertThat(listed(run, store).stream().filter(n -> n.endsWith(".sql.gz"))).hasSize(4);
    }

    @Test
    void storedObjectsHoldNoPlaintextAndTheWrongKeyFailsClearly() throws Exception {
        // custom format without compression: the dump holds the rows as plain text, so only encryption hides them.
        Store store = newStore(7, false, "custom");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        backupOk(run, volume);
        String dump = newestDump(BackupDir.names(volume));
        byte[] local = Files.readAllBytes(volume.resolve(dump));
        List<String> known = List.of("c17@example.org", "Kunde 42", "public.customers", "PostgreSQL", "PGDMP", dump);
        assertThat(new String(local, StandardCharsets.ISO_8859_1)).contains("c17@example.org", "PGDMP");
        for (byte[] object : s3.objects(store.bucket(), store.prefix()).values()) {
            String text = new String(object, StandardCharsets.ISO_8859_1);
            for (String k : known) {
                assertThat(text).doesNotContain(k);
            }
        }

        Path fetched = newBackupDir();
        ScriptRunner wrong = runner(store, S3Proxy.SECRET_KEY, "not the passphrase");
        List<Proc.Result> rs = wrong.runPod(SLUG + "-backup-verify", Map.of("BACKUP_DIR", fetched.toString(),
                "FETCH_DIR", fetched.toString(), "VERIFY_SCRATCH_DIR", fetched.toString()), List.of(Tools.rcloneDir()));
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).exit()).isNotZero();
        assertThat(rs.get(0).stderr()).contains("none decrypts with this key: wrong OFFSITE_PASSWORD/OFFSITE_SALT");
        assertThat(BackupDir.names(fetched)).isEmpty();
    }

    @Test
    void faultsFailTheJobAndLeaveEarlierLocalAndRemoteBackupsByteIdentical() {
        Store store = newStore(7, false, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        backupOk(run, volume);

        // Wrong credentials.
        assertFaultKeepsEverything(runner(store, "wrong-secret", PASSWORD), store, volume,
                "the store refused the credentials");
        // Bucket missing.
        Store missing = new Store("no-such-bucket", store.prefix(), 7, false, "plain");
        assertFaultKeepsEverything(runner(missing), store, volume, "bucket 'no-such-bucket' does not exist");
        // A local dump whose checksum does not match is never uploaded.
        Map<String, byte[]> before = s3.objects(store.bucket(), store.prefix());
        List<Proc.Result> ok = backup(run, volume);
        assertThat(ok.get(1).exit()).isZero();
        String dump = newestDump(BackupDir.names(volume));
        try {
            Files.writeString(volume.resolve(dump + ".sha256"), "0".repeat(64) + "  " + dump + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> local = BackupDir.snapshot(volume);
        Map<String, byte[]> remote = s3.objects(store.bucket(), store.prefix());
        Proc.Result up = run.startContainer(SLUG + "-backup-daily", "upload", Map.of("BACKUP_DIR", volume.toString()),
                List.of(Tools.rcloneDir())).await(Duration.ofSeconds(120));
        assertThat(up.exit()).isNotZero();
        assertThat(up.stderr()).contains("the local backup fails its checksum, not uploaded");
        assertThat(BackupDir.snapshot(volume)).isEqualTo(local);
        assertSameObjects(s3.objects(store.bucket(), store.prefix()), remote);
        assertThat(remote.size()).isEqualTo(before.size() + 4);
    }

    @Test
    void anUploadKilledMidWayLeavesNoObjectUnderAFinalKeyAndTheNextRunCleansUp() throws Exception {
        Store store = newStore(7, false, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        backupOk(run, volume);
        Map<String, byte[]> remoteBefore = s3.objects(store.bucket(), store.prefix());
        List<String> listedBefore = listed(run, store);
        // A second backup's dump, made large and slow to send (bandwidth limit), is killed while uploading.
        Proc.Result dumped = run.startContainer(SLUG + "-backup-daily", "backup", Map.of("BACKUP_DIR", volume.toString()),
                List.of()).await(Duration.ofSeconds(120));
        assertThat(dumped.exit()).as(dumped.toString()).isZero();
        String dump = newestDump(BackupDir.names(volume));
        byte[] big = new byte[3 * 1024 * 1024];
        new java.util.Random(42).nextBytes(big);
        BackupDir.forge(volume, dump, big);
        Map<String, String> local = BackupDir.snapshot(volume);
        Proc.Running up = run.startContainer(SLUG + "-backup-daily", "upload", Map.of("BACKUP_DIR", volume.toString(),
                "RCLONE_BWLIMIT", "256k"), List.of(Tools.rcloneDir()));
        Instant until = Instant.now().plusSeconds(60);
        // Wait for the dump's own upload to begin (its siblings are already moved), then kill the pod.
        while (!s3.objects(store.bucket(), store.prefix()).keySet().stream().anyMatch(k -> !remoteBefore.containsKey(k))
                || listedPartials(run, store).stream().noneMatch(n -> n.equals("." + dump + ".partial"))) {
            assertThat(up.isAlive()).as("upload ended before it could be killed: " + up.stdoutSoFar()).isTrue();
            assertThat(Instant.now()).isBefore(until);
            Thread.onSpinWait();
        }
        up.kill();
        up.await(Duration.ofSeconds(30));
        List<String> after = listed(run, store);
        assertThat(after).doesNotContain(dump).containsAll(listedBefore);
        assertThat(BackupDir.snapshot(volume)).isEqualTo(local);
        for (Map.Entry<String, byte[]> e : remoteBefore.entrySet()) {
            assertThat(s3.objects(store.bucket(), store.prefix()).get(e.getKey())).isEqualTo(e.getValue());
        }
        // The next run removes the leftover temporary key and publishes the set.
        Proc.Result again = run.startContainer(SLUG + "-backup-daily", "upload", Map.of("BACKUP_DIR", volume.toString()),
                List.of(Tools.rcloneDir())).await(Duration.ofSeconds(120));
        assertThat(again.exit()).as(again.toString()).isZero();
        assertThat(again.stdout()).contains("removed ." + dump + ".partial", "uploaded and checked " + dump);
        assertThat(listed(run, store)).contains(dump).noneMatch(n -> n.endsWith(".partial"));
    }

    @Test
    void aCorruptObjectInTheBucketFailsTheFetchAndNothingIsRestored() throws Exception {
        Store store = newStore(7, true, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        backupOk(run, volume);
        String dump = newestDump(BackupDir.names(volume));
        // Flip one byte of the largest stored object: the encrypted dump.
        Path biggest = null;
        long size = -1;
        try (var files = Files.walk(s3.bucketDir(store.bucket()))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(f) > size) {
                    size = Files.size(f);
                    biggest = f;
                }
            }
        }
        byte[] bytes = Files.readAllBytes(biggest);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(biggest, bytes);

        String target = "shop_never_restored";
        pg.sql("postgres", "CREATE DATABASE " + target + " OWNER " + Seed.APP_USER);
        Path fetched = newBackupDir();
        List<Proc.Result> rs = run.runPod(SLUG + "-backup-restore", Map.of("BACKUP_DIR", newBackupDir().toString(),
                "FETCH_DIR", fetched.toString(), "RESTORE_SOURCE_DIR", fetched.toString(), "RESTORE_TARGET_DB", target),
                List.of(Tools.rcloneDir()));
        assertThat(rs).hasSize(1);
        assertThat(rs.get(0).exit()).isNotZero();
        assertThat(rs.get(0).stderr()).contains("downloading " + dump + " failed: the object read from the store is"
                + " damaged");
        assertThat(BackupDir.names(fetched)).doesNotContain(dump);
        assertThat(pg.userObjects(target)).isZero();
    }

    @Test
    void aStoreThatIsDownFailsTheUploadAndKeepsTheLocalBackup() {
        // Last: it stops this class's store.
        Store store = newStore(7, false, "plain");
        ScriptRunner run = runner(store);
        Path volume = newBackupDir();
        backupOk(run, volume);
        Map<String, byte[]> remote = s3.objects(store.bucket(), store.prefix());
        S3Proxy down = s3;
        List<Proc.Result> rs;
        try {
            down.stop();
            rs = backup(run, volume);
        } finally {
            s3 = S3Proxy.start();
        }
        assertThat(rs.get(0).exit()).isZero();
        assertThat(rs.get(1).exit()).isNotZero();
        assertThat(rs.get(1).stderr()).contains("cannot reach the store at " + down.endpoint(), "connection refused");
        assertThat(BackupDir.names(volume).stream().filter(n -> n.matches("shop_daily_\\d{8}_\\d{6}\\.sql\\.gz")))
                .hasSize(2);
        assertSameObjects(down.objects(store.bucket(), store.prefix()), remote);
        down.close();
    }

    private void assertFaultKeepsEverything(ScriptRunner faulty, Store store, Path volume, String message) {
        Map<String, byte[]> remote = s3.objects(store.bucket(), store.prefix());
        Map<String, String> local = BackupDir.snapshot(volume);
        Proc.Result up = faulty.startContainer(SLUG + "-backup-daily", "upload", Map.of("BACKUP_DIR", volume.toString()),
                List.of(Tools.rcloneDir())).await(Duration.ofSeconds(120));
        assertThat(up.exit()).as(up.toString()).isNotZero();
        assertThat(up.stderr()).contains(message);
        assertThat(BackupDir.snapshot(volume)).isEqualTo(local);
        assertSameObjects(s3.objects(store.bucket(), store.prefix()), remote);
    }

    private static void assertSameObjects(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualTo(v));
    }

    private static List<String> listedPartials(ScriptRunner run, Store store) {
        return listed(run, store).stream().filter(n -> n.endsWith(".partial")).toList();
    }
}
