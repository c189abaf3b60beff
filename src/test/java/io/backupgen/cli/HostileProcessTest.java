package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.emit.WriteStep;
import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.ChildJvm;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Trees;
import io.backupgen.testing.TwoSpecs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15's reproductions that need a real second process: backupgen killed while writing, two renders
 * into one directory at once, a read-only output, a full disk, an unreadable profile, a spec on standard
 * input. Each child is a JVM on the test class path running backupgen's Main (or {@link HaltingMain}).
 */
class HostileProcessTest {
    @TempDir
    static Path work;
    static Path specA;
    static Path specB;
    static SortedMap<String, String> treeA;
    static SortedMap<String, String> treeB;

    @BeforeAll
    static void references() throws Exception {
        TwoSpecs specs = TwoSpecs.in(work);
        specA = specs.a();
        specB = specs.b();
        treeA = render(specA, work.resolve("ref-a"));
        treeB = render(specB, work.resolve("ref-b"));
        assertThat(treeA).isNotEqualTo(treeB);
    }

    private static SortedMap<String, String> render(Path spec, Path out) {
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", out.toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Trees.snapshot(out);
    }

    private static List<String> backupgen(String... args) {
        return ChildJvm.command(ChildJvm.MAIN, args);
    }

    private static void assertNoStackTrace(Proc.Result r) {
        assertThat(r.stderr()).as(r.toString()).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    // 3. Killed while writing

    @ParameterizedTest
    @EnumSource(names = {"FILE_STAGED", "JOURNAL_WRITTEN", "OLD_MOVED", "NEW_MOVED"})
    void killedAtAStepTheTreeIsOldOrTheNextRunFinishesIt(WriteStep step) throws Exception {
        Path out = work.resolve("killed-" + step);
        Trees.write(out, treeA);
        String occurrence = step == WriteStep.FILE_STAGED ? "2" : "1";
        Proc.Result killed = ChildJvm.run(ChildJvm.command(HaltingMain.class.getName(), step.name(), occurrence, "halt",
                "render", "-f", specB.toString(), "-o", out.toString(), "--format", "all"), null);
        assertThat(killed.exit()).as(killed.toString()).isEqualTo(137);
        boolean journal = Files.exists(out.resolve(".backupgen/journal"));
        assertThat(journal).as("committed at %s", step).isEqualTo(step != WriteStep.FILE_STAGED);
        if (!journal) {
            assertThat(Trees.snapshot(out)).isEqualTo(treeA);
        }
        CliRun check = CliRun.of("render", "-f", specB.toString(), "-o", out.toString(), "--format", "all", "--check");
        assertThat(check.exitCode()).isEqualTo(1);
        if (journal) {
            assertThat(check.out()).contains("was interrupted part-way").contains("run 'backupgen render' to finish it");
        }
        CliRun next = CliRun.of("render", "-f", specB.toString(), "-o", out.toString(), "--format", "all");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(Trees.snapshot(out)).isEqualTo(treeB);
        assertThat(Trees.workingFiles(out)).as("the killed run's lock, journal and staging are gone").isEmpty();
    }

    // 3. Two renders into one directory run one after the other

    @Test
    void aSecondRenderWaitsForTheFirstAndTheTreeIsWhollyTheLast() throws Exception {
        Path out = work.resolve("concurrent");
        Path marker = work.resolve("holding");
        Path release = work.resolve("release");
        Proc.Running first = ChildJvm.start(ChildJvm.command(HaltingMain.class.getName(), "STAGED", "1",
                "hold:" + marker + ":" + release, "render", "-f", specA.toString(), "-o", out.toString(),
                "--format", "all"));
        Process second = null;
        try {
            waitFor(() -> Files.exists(marker), "the first render to hold the lock");
            Path err = work.resolve("second.err");
            second = new ProcessBuilder(backupgen("render", "-f", specB.toString(), "-o", out.toString(),
                    "--format", "all")).redirectError(err.toFile()).redirectOutput(work.resolve("second.out").toFile())
                    .start();
            waitFor(() -> Files.exists(err) && Files.readString(err).contains("waiting for another backupgen render"),
                    "the second render to wait");

            Proc.Result timedOut = ChildJvm.run(backupgen("render", "-f", specB.toString(), "-o", out.toString(),
                    "--lock-timeout", "1"), null);
            assertThat(timedOut.exit()).isEqualTo(2);
            assertThat(timedOut.stderr()).contains("another backupgen render (pid ").contains("for more than 1s")
                    .contains("nothing was written");

            Files.writeString(release, "go\n");
            assertThat(first.await(Duration.ofSeconds(120)).exit()).isZero();
            assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(Files.readString(err)).isZero();
        } finally {
            Files.writeString(release, "go\n");
            if (second != null) {
                second.destroyForcibly();
            }
        }
        assertThat(Trees.snapshot(out)).as("wholly the second render's tree").isEqualTo(treeB);
    }

    @Test
    void twoPlainRendersAtOnceLeaveOneWholeTree() throws Exception {
        Path out = work.resolve("race");
        Proc.Running a = ChildJvm.start(backupgen("render", "-f", specA.toString(), "-o", out.toString(), "--format",
                "all"));
        Proc.Running b = ChildJvm.start(backupgen("render", "-f", specB.toString(), "-o", out.toString(), "--format",
                "all"));
        Proc.Result ra = a.await(Duration.ofSeconds(120));
        Proc.Result rb = b.await(Duration.ofSeconds(120));
        assertThat(ra.exit()).as(ra.toString()).isZero();
        assertThat(rb.exit()).as(rb.toString()).isZero();
        assertThat(Trees.snapshot(out)).satisfiesAnyOf(t -> assertThat(t).isEqualTo(treeA),
                t -> assertThat(t).isEqualTo(treeB));
    }

    // 6. Read-only output, full disk, unreadable profile: exit 2 with the path, the cause and what to do

    @Test
    void aReadOnlyOutputIsExit2AndTheTreeIsUntouched() throws Exception {
        Path out = work.resolve("read-only");
        Trees.write(out, treeA);
        List<Path> dirs;
        try (Stream<Path> w = Files.walk(out)) {
            dirs = w.filter(Files::isDirectory).toList();
        }
        dirs.forEach(d -> setMode(d, "r-xr-xr-x"));
        try {
            Proc.Result r = ChildJvm.run(ChildJvm.concat(ChildJvm.withoutPermissionOverride(),
                    backupgen("render", "-f", specB.toString(), "-o", out.toString(), "--format", "all")), null);
            assertThat(r.exit()).as(r.toString()).isEqualTo(2);
            assertThat(r.stderr()).contains(out.toString()).contains("permission denied")
                    .contains("check its permissions").contains("nothing was written");
            assertNoStackTrace(r);
            assertThat(Trees.snapshot(out)).isEqualTo(treeA);

            Proc.Result fresh = ChildJvm.run(ChildJvm.concat(ChildJvm.withoutPermissionOverride(),
                    backupgen("render", "-f", specB.toString(), "-o", out.resolve("new/dir").toString())), null);
            assertThat(fresh.exit()).isEqualTo(2);
            assertThat(fresh.stderr()).contains("permission denied");
            assertNoStackTrace(fresh);
        } finally {
            dirs.forEach(d -> setMode(d, "rwxr-xr-x"));
        }
        assertThat(out.resolve("new")).doesNotExist();
    }

    @Test
    void anUnreadableProfileIsExit2WithThePath() throws Exception {
        Path dir = work.resolve("unreadable");
        Files.createDirectories(dir.resolve("profiles"));
        Path profile = dir.resolve("profiles/production.yaml");
        Files.writeString(profile, "storage:\n  size: 1Ti\n");
        setMode(profile, "---------");
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nprofile: production\n"
                + "project:\n  name: shop\n");
        Proc.Result r = ChildJvm.run(ChildJvm.concat(ChildJvm.withoutPermissionOverride(),
                backupgen("render", "-f", spec.toString(), "-o", dir.resolve("out").toString())), null);
        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains(profile + ": cannot read: permission denied").contains("check its permissions");
        assertNoStackTrace(r);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aFullDiskIsExit2AndTheOldTreeStays() throws Exception {
        Path disk = work.resolve("small-disk");
        Files.createDirectories(disk);
        String java = String.join(" ", ChildJvm.command(ChildJvm.MAIN).stream().map(HostileProcessTest::shellQuote)
                .toList());
        // Inside a private mount namespace (gone when the script ends): render A, fill the disk to within
        // 48 KiB, render B (which needs more than that), then list what is on the disk.
        String script = "set -u; D=\"$0\"; mount -t tmpfs -o size=2m tmpfs \"$D\" || exit 99\n"
                + java + " render -f " + specA + " -o \"$D\" --format all >/dev/null; echo \"first=$?\"\n"
                + "free=$(df -k \"$D\" | awk 'NR==2 {print $4}')\n"
                + "dd if=/dev/zero of=\"$D/ballast\" bs=1k count=$((free - 48)) 2>/dev/null\n"
                + java + " render -f " + specB + " -o \"$D\" --format all; echo \"second=$?\"\n"
                + "rm \"$D/ballast\"; cd \"$D\" && find . -type f ! -path './.backupgen/lock' | sort | xargs sha256sum\n";
        List<String> cmd = new ArrayList<>(ChildJvm.withPrivateMounts());
        cmd.addAll(List.of("sh", "-c", script, disk.toString()));
        Proc.Result r = ChildJvm.run(cmd, null);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).as(r.toString()).contains("first=0").contains("second=2");
        assertThat(r.stderr()).contains("no space left on the device").contains("free some space")
                .contains("nothing under " + disk + " was changed");
        assertNoStackTrace(r);
        Map<String, String> onDisk = new TreeMap<>();
        r.stdout().lines().filter(l -> l.matches("[0-9a-f]{64}  \\./.*"))
                .forEach(l -> onDisk.put(l.substring(68), l.substring(0, 64)));
        Map<String, String> expected = new TreeMap<>();
        treeA.forEach((path, content) -> expected.put(path, sha256(content)));
        assertThat(onDisk).as("the tree is wholly A, with no staging left").isEqualTo(expected);
    }

    // 13. -f - reads the spec from standard input

    @Test
    void aSpecOnStandardInput() throws Exception {
        String spec = Files.readString(Repo.root().resolve("samples/minimal.yaml"));
        Proc.Result r = ChildJvm.run(backupgen("render", "-f", "-", "--stdout"), spec);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo(CliRun.of("render", "-f", "samples/minimal.yaml", "--stdout").out());
        Proc.Result bad = ChildJvm.run(backupgen("render", "-f", "-", "--stdout"), "project: [\n");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.stderr()).contains("stdin:").contains("not valid YAML");
    }

    private static void setMode(Path p, String mode) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!c.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static String sha256(String latin1) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(latin1.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
