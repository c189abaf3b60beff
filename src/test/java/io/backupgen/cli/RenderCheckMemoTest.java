package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.memo.CheckMemo;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render --check} through Main with a real memo: a passing check is answered from it while nothing
 * changed, and drift, a changed spec, a warning or --no-cache always get the full check. A replay is made
 * visible by rewriting what the memo prints: the full check never prints "REPLAYED".
 */
class RenderCheckMemoTest {
    static final Clock NOW = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    Path spec;
    Path out;
    CheckMemo memo;

    @BeforeEach
    void rendered() throws IOException {
        spec = Files.copy(Repo.root().resolve("samples/production.yaml"), dir.resolve("backupgen.yaml"));
        out = dir.resolve("repo");
        memo = new CheckMemo(dir.resolve("cache"), "test-build");
        assertThat(run("render", "-f", spec.toString(), "-o", out.toString()).exitCode()).isZero();
    }

    private CliRun run(String... args) {
        return CliRun.main(NOW, memo, args);
    }

    private CliRun check(String... more) {
        String[] args = Stream.concat(Stream.of("render", "-f", spec.toString(), "-o", out.toString(), "--check"),
                Stream.of(more)).toArray(String[]::new);
        return run(args);
    }

    /** Makes every memo print REPLAYED, so a replay can be told from a full check. */
    private void markMemos() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            for (Path f : s.toList()) {
                Files.writeString(f, Files.readString(f).replaceFirst("(?m)^stdout=.*$", "stdout=REPLAYED\\\\n"));
            }
        }
    }

    @Test
    void aPassingCheckIsReplayedUntilSomethingItReadChanges() throws IOException {
        CliRun first = check();
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).startsWith("up to date: ");
        assertThat(check().out()).isEqualTo(first.out());
        markMemos();
        assertThat(check().out()).isEqualTo("REPLAYED\n");

        // A hand edit: the memo is not used, the real check finds the drift.
        Path cronjob = out.resolve("k8s/base/backup-cronjob.yaml");
        String original = Files.readString(cronjob);
        Files.writeString(cronjob, original.replace("schedule:", "schedule: # tweaked\n  schedule:"));
        CliRun drift = check();
        assertThat(drift.exitCode()).as(drift.toString()).isEqualTo(1);
        assertThat(drift.out()).contains("drift:").doesNotContain("REPLAYED");

        // Undone: the same bytes as when the check passed, so the memo holds again.
        Files.writeString(cronjob, original);
        assertThat(check().out()).isEqualTo("REPLAYED\n");

        // A changed spec is a full check (here: a comment, still up to date).
        Files.writeString(spec, Files.readString(spec) + "# reviewed\n");
        CliRun changed = check();
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        assertThat(changed.out()).startsWith("up to date: ");
    }

    @Test
    void noCacheAlwaysChecksInFullAndKeepsNothing() throws IOException {
        assertThat(check("--no-cache").exitCode()).isZero();
        assertThat(dir.resolve("cache")).doesNotExist();
        assertThat(check().exitCode()).isZero();
        markMemos();
        assertThat(check("--no-cache").out()).startsWith("up to date: ");
    }

    @Test
    void aCheckThatWarnedIsNeverReplayed() throws IOException {
        // weekly and monthly start together when the 1st is a Sunday: a warning whose date moves with "now".
        Files.writeString(spec, Files.readString(spec).replace("schedule: \"0 4 1 * *\"", "schedule: \"0 3 1 * *\""));
        assertThat(run("render", "-f", spec.toString(), "-o", out.toString()).exitCode()).isZero();
        CliRun warned = check();
        assertThat(warned.exitCode()).as(warned.toString()).isZero();
        assertThat(warned.err()).contains("warning:").contains("start in the same minute");
        assertThat(dir.resolve("cache")).doesNotExist();
        assertThat(check().err()).contains("warning:");
    }
}
