package io.backupgen.memo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memo of a passing check: kept only for what held still, replayed only while everything it read is unchanged. */
class CheckMemoTest {
    @TempDir
    Path dir;

    Path cache;
    Path spec;
    Path tree;
    CheckMemo memo;
    static final List<String> ARGS = List.of("render", "--check");

    @BeforeEach
    void files() throws IOException {
        cache = dir.resolve("cache/backupgen/checks");
        spec = Files.writeString(dir.resolve("backupgen.yaml"), "project: {name: shop}\n");
        tree = dir.resolve("k8s");
        Files.createDirectories(tree.resolve("base"));
        Files.writeString(tree.resolve("base/cronjob.yaml"), "kind: CronJob\n");
        memo = new CheckMemo(cache, "build-1");
    }

    private void keepPassingCheck(CheckMemo m, List<String> args) {
        CheckMemo.Recording r = m.record(args, dir);
        r.witness(List.of(spec, dir.resolve("profiles")));
        r.witness(List.of(tree, dir.resolve(".backupgen/manifest")));
        r.keep("up to date: 1 files under .\n");
    }

    @Test
    void aKeptCheckIsReplayedWithWhatItPrinted() {
        assertThat(memo.replay(ARGS, dir)).isEmpty();
        keepPassingCheck(memo, ARGS);
        assertThat(memo.replay(ARGS, dir)).contains("up to date: 1 files under .\n");
    }

    @Test
    void anyChangeToWhatTheCheckReadIsAMiss() throws IOException {
        List<Consumer<Path>> changes = List.of(
                d -> write(d.resolve("k8s/base/cronjob.yaml"), "kind: CronJob\n# edited\n"),
                d -> write(d.resolve("k8s/base/stray.yaml"), "kind: ConfigMap\n"),
                d -> delete(d.resolve("k8s/base/cronjob.yaml")),
                d -> mkdir(d.resolve("k8s/empty")),
                d -> write(d.resolve("backupgen.yaml"), "project: {name: shop2}\n"),
                d -> write(d.resolve("profiles/small.yaml"), "tiers: {}\n"),
                d -> write(d.resolve(".backupgen/manifest"), "k8s/base/cronjob.yaml\n"),
                d -> link(d.resolve("k8s/base/cronjob.yaml"), d.resolve("backupgen.yaml")));
        for (Consumer<Path> change : changes) {
            files();
            delete(cache.resolveSibling(""));
            keepPassingCheck(memo, ARGS);
            assertThat(memo.replay(ARGS, dir)).isPresent();
            change.accept(dir);
            assertThat(memo.replay(ARGS, dir)).as("after change %d", changes.indexOf(change)).isEmpty();
            delete(dir.resolve("k8s"));
            delete(dir.resolve("profiles"));
            delete(dir.resolve(".backupgen"));
        }
    }

    @Test
    void anotherCommandLineFolderOrBuildIsAMiss() throws IOException {
        keepPassingCheck(memo, ARGS);
        assertThat(memo.replay(List.of("render", "--check", "--env", "staging"), dir)).isEmpty();
        assertThat(memo.replay(ARGS, Files.createDirectory(dir.resolve("elsewhere")))).isEmpty();
        assertThat(new CheckMemo(cache, "build-2").replay(ARGS, dir)).isEmpty();
        assertThat(memo.replay(ARGS, dir)).isPresent();
    }

    @Test
    void whatChangedWhileTheCheckRanIsNotKept() throws IOException {
        CheckMemo.Recording r = memo.record(ARGS, dir);
        r.witness(List.of(spec, tree));
        Files.writeString(tree.resolve("base/cronjob.yaml"), "kind: CronJob\n# written meanwhile\n");
        r.keep("up to date\n");
        assertThat(memo.replay(ARGS, dir)).isEmpty();
        assertThat(cache).doesNotExist();
    }

    @Test
    void aDamagedMemoIsAMissNotAnError() throws IOException {
        keepPassingCheck(memo, ARGS);
        try (Stream<Path> s = Files.list(cache)) {
            for (Path f : s.toList()) {
                Files.writeString(f, "\\u12G garbage = \\\n");
            }
        }
        assertThat(memo.replay(ARGS, dir)).isEmpty();
        keepPassingCheck(memo, ARGS); // and a new passing check replaces it
        assertThat(memo.replay(ARGS, dir)).isPresent();
    }

    @Test
    void offKeepsNothing() {
        keepPassingCheck(CheckMemo.off(), ARGS);
        assertThat(CheckMemo.off().replay(ARGS, dir)).isEmpty();
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void theCacheIsPrivateAndOldMemosArePruned() throws IOException {
        keepPassingCheck(memo, ARGS);
        assertThat(Files.getPosixFilePermissions(cache)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
        Path old = Files.writeString(cache.resolve("0000.memo"), "key=gone\n");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(CheckMemo.KEEP).minus(1, ChronoUnit.DAYS)));
        keepPassingCheck(memo, List.of("render", "--check", "-o", "."));
        assertThat(old).doesNotExist();
        assertThat(memo.replay(ARGS, dir)).isPresent();
    }

    private static void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void mkdir(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void link(Path p, Path target) {
        try {
            Files.delete(p);
            Files.createSymbolicLink(p, target);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void delete(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
