package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.backupgen.emit.WriteStep;
import io.backupgen.testing.TwoSpecs;
import io.backupgen.testing.Trees;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Fault injection through the real CLI: a render that changes a tree (two managed folders, k8s/ and the
 * chart, plus the manifest; an overlay removed; a user's own file carried along) is stopped at every step
 * of the write protocol, once with an I/O error (the render must roll back: the tree is wholly old, exit 2)
 * and once with a crash (as kill -9: no clean-up at all). After a crash each managed folder is wholly old,
 * wholly new, or (between its two renames) recorded in the journal; the next render finishes the write.
 */
class WriteFaultsTest {
    /** Stands for the process dying at that point: nothing below the listener catches an Error. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    record Point(WriteStep step, int occurrence, String detail) {
        @Override
        public String toString() {
            return step + "#" + occurrence + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    @TempDir
    static Path work;
    static Path specA;
    static Path specB;
    static SortedMap<String, String> treeA;
    static SortedMap<String, String> treeB;
    static List<Point> points;
    static final String[] UNITS = {"k8s/", "charts/acme-shop/", ".backupgen/manifest"};

    @BeforeAll
    static void references() throws Exception {
        TwoSpecs specs = TwoSpecs.in(work);
        specA = specs.a();
        specB = specs.b();
        Path a = work.resolve("ref");
        run(WriteStep.Listener.NONE, specA, a);
        Files.writeString(a.resolve("k8s/README.md"), "our notes, not backupgen's\n");
        treeA = Trees.snapshot(a);
        List<Point> seen = new ArrayList<>();
        Map<WriteStep, AtomicInteger> counts = new java.util.EnumMap<>(WriteStep.class);
        CliRun r = run((step, detail) -> seen.add(new Point(step,
                counts.computeIfAbsent(step, s -> new AtomicInteger()).incrementAndGet(), detail)), specB, a);
        assertThat(r.code()).as(r.err()).isZero();
        treeB = Trees.snapshot(a);
        // Every step, but of the many FILE_STAGED (all before the commit point, all alike) only the first,
        // one in the middle and the last.
        long staged = seen.stream().filter(x -> x.step() == WriteStep.FILE_STAGED).count();
        points = seen.stream().filter(x -> x.step() != WriteStep.FILE_STAGED || x.occurrence() == 1
                || x.occurrence() == staged / 2 || x.occurrence() == staged).toList();
        assertThat(treeB).containsKey("k8s/README.md").doesNotContainKey("k8s/overlays/staging/kustomization.yaml");
        assertThat(points).extracting(Point::step).contains(WriteStep.values());
    }

    record CliRun(int code, String out, String err) {
    }

    static CliRun run(WriteStep.Listener listener, Path spec, Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cli.create(new PrintWriter(o, true), new PrintWriter(e, true));
        ((RenderCommand) cl.getSubcommands().get("render").getCommand()).writeSteps = listener;
        int code = cl.execute("render", "-f", spec.toString(), "-o", out.toString(), "--format", "all");
        return new CliRun(code, o.toString(), e.toString());
    }

    private static Path freshCopyOfA(String name) {
        Path out = work.resolve(name);
        Trees.write(out, treeA);
        return out;
    }

    interface Fault {
        void happen() throws IOException;
    }

    /** A listener that makes {@code fault} happen at point {@code p} (the Nth time its step is reached). */
    private static WriteStep.Listener at(Point p, Fault fault) {
        AtomicInteger n = new AtomicInteger();
        return (step, detail) -> {
            if (step == p.step() && n.incrementAndGet() == p.occurrence()) {
                fault.happen();
            }
        };
    }

    @TestFactory
    Stream<DynamicTest> anIoErrorAtAnyStepRollsBackToTheOldTree() {
        return points.stream().map(p -> DynamicTest.dynamicTest("I/O error at " + p, () -> {
            Path out = freshCopyOfA("io-" + p.step() + "-" + p.occurrence());
            CliRun r = run(at(p, () -> {
                throw new AccessDeniedException(out.resolve("k8s").toString());
            }), specB, out);
            boolean afterTheSwitch = p.step() == WriteStep.JOURNAL_REMOVED || p.step() == WriteStep.CLEANED;
            if (afterTheSwitch) {
                // Clean-up failures after the switch are harmless: the new tree is in place.
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(Trees.snapshot(out)).isEqualTo(treeB);
            } else {
                assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
                assertThat(r.err()).contains("permission denied").contains("nothing under " + out + " was changed")
                        .doesNotContain("internal error");
                assertThat(Trees.snapshot(out)).as("wholly old").isEqualTo(treeA);
            }
            assertThat(Trees.workingFiles(out)).as("no journal, lock or staging left").isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> aCrashAtAnyStepLeavesEachFolderWhollyOldOrNewAndTheNextRunFinishes() {
        return points.stream().map(p -> DynamicTest.dynamicTest("crash at " + p, () -> {
            Path out = freshCopyOfA("crash-" + p.step() + "-" + p.occurrence());
            try {
                run(at(p, () -> {
                    throw new Crash();
                }), specB, out);
                fail("the render should have crashed at " + p);
            } catch (Crash expected) {
                // the process is gone
            }
            SortedMap<String, String> now = Trees.snapshot(out);
            boolean journal = Files.exists(out.resolve(".backupgen/journal"));
            if (!journal && p.step() != WriteStep.JOURNAL_REMOVED && p.step() != WriteStep.CLEANED) {
                assertThat(now).as("before the commit point nothing changed").isEqualTo(treeA);
            }
            for (String unit : UNITS) {
                SortedMap<String, String> u = Trees.under(now, unit);
                assertThat(u).as("%s after a crash at %s is never a mix", unit, p)
                        .satisfiesAnyOf(x -> assertThat(x).isEqualTo(Trees.under(treeA, unit)),
                                x -> assertThat(x).isEqualTo(Trees.under(treeB, unit)),
                                x -> assertThat(journal && x.isEmpty()).as("between its two renames").isTrue());
            }
            CliRun next = run(WriteStep.Listener.NONE, specB, out);
            assertThat(next.code()).as(next.err()).isZero();
            if (journal) {
                assertThat(next.err()).contains("finished a write into " + out);
                assertThat(next.out()).as("the journal's write was complete").contains(" 0 created, 0 updated");
            }
            assertThat(Trees.snapshot(out)).as("wholly new after the next run").isEqualTo(treeB);
            assertThat(Trees.workingFiles(out)).isEmpty();
        }));
    }
}
