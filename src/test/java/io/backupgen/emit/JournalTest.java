package io.backupgen.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on its own: rolling forward or back is decided from what exists, so either may be
 * interrupted and run again (a crash during the recovery itself) and still ends wholly new or wholly old.
 */
class JournalTest {
    @TempDir
    Path root;
    Journal journal;

    @BeforeEach
    void twoFoldersStagedAndCommitted() throws IOException {
        for (String unit : List.of("k8s", "charts/x")) {
            Files.createDirectories(root.resolve(unit));
            Files.writeString(root.resolve(unit).resolve("f"), "old " + unit);
        }
        Files.createDirectories(StateDir.of(root));
        Path staging = StateDir.of(root).resolve(StateDir.STAGING_PREFIX + "t");
        Files.createDirectories(staging.resolve("new-0"));
        Files.writeString(staging.resolve("new-0/f"), "new k8s");
        Files.createDirectories(staging.resolve("new-1"));
        Files.writeString(staging.resolve("new-1/f"), "new charts/x");
        Files.createDirectories(staging.resolve("new-2"));
        Files.writeString(staging.resolve("new-2/f"), "new y");
        journal = new Journal(StateDir.STAGING_PREFIX + "t", List.of(new Journal.Swap(0, "k8s", true),
                new Journal.Swap(1, "charts/x", true), new Journal.Swap(2, "y", false)));
        journal.commit(root);
    }

    private String content(String unit) throws IOException {
        Path f = root.resolve(unit).resolve("f");
        return Files.exists(f) ? Files.readString(f) : "absent";
    }

    @Test
    void theJournalReadsBackAsWritten() throws IOException {
        Journal read = Journal.read(root).orElseThrow();
        assertThat(read.staging()).isEqualTo(journal.staging());
        assertThat(read.swaps()).isEqualTo(journal.swaps());
    }

    @Test
    void aRecoveryInterruptedAtEveryRenameIsFinishedByTheNextOne() throws IOException {
        for (int stopAt = 1; stopAt <= 5; stopAt++) {
            twoFoldersStagedAndCommittedAgain();
            AtomicInteger renames = new AtomicInteger();
            int stop = stopAt;
            assertThatThrownBy(() -> Journal.read(root).orElseThrow().forward(root, (step, detail) -> {
                if (renames.incrementAndGet() == stop) {
                    throw new IOException("stopped");
                }
            })).hasMessage("stopped");
            TreeWriter.recover(root, n -> { });
            assertThat(List.of(content("k8s"), content("charts/x"), content("y"))).as("stopped at rename %d", stopAt)
                    .containsExactly("new k8s", "new charts/x", "new y");
            assertThat(Files.exists(StateDir.journal(root))).isFalse();
            assertThat(StateDir.of(root).resolve(journal.staging())).doesNotExist();
        }
    }

    @Test
    void aRollBackFromAnyPointRestoresTheOldTree() throws IOException {
        for (int stopAt = 1; stopAt <= 6; stopAt++) {
            twoFoldersStagedAndCommittedAgain();
            AtomicInteger renames = new AtomicInteger();
            int stop = stopAt;
            try {
                journal.forward(root, (step, detail) -> {
                    if (renames.incrementAndGet() == stop) {
                        throw new IOException("stopped");
                    }
                });
            } catch (IOException expected) {
                // stopped part-way (or not at all, past the last rename)
            }
            journal.backward(root);
            journal.backward(root); // idempotent
            assertThat(List.of(content("k8s"), content("charts/x"), content("y"))).as("stopped at rename %d", stopAt)
                    .containsExactly("old k8s", "old charts/x", "absent");
        }
    }

    @Test
    void aJournalThatIsNotOursIsRefusedNotFollowed() throws IOException {
        Files.writeString(StateDir.journal(root), "backupgen journal 1\nstaging staging-t\nswap 0 present ../../etc\n");
        assertThatThrownBy(() -> Journal.read(root)).hasMessageContaining("unreadable line");
        Files.writeString(StateDir.journal(root), "something else\n");
        assertThatThrownBy(() -> TreeWriter.recover(root, n -> { })).isInstanceOf(WriteException.class)
                .hasMessageContaining("cannot finish the interrupted write").hasMessageContaining("remove the journal");
    }

    @Test
    void theManifestRecordsBytesAndReadsBackWhatItWrote() {
        Manifest m = Manifest.empty().replacing(List.of("k8s"), java.util.Map.of("k8s/a.yaml", "x\n".getBytes()));
        Manifest back = Manifest.parse(m.text());
        assertThat(back).isEqualTo(m);
        assertThat(back.wrote("k8s/a.yaml", "x\n".getBytes())).isTrue();
        assertThat(back.wrote("k8s/a.yaml", "y\n".getBytes())).isFalse();
        assertThat(back.lists("k8s/b.yaml")).isFalse();
        assertThat(Manifest.parse("garbage\n" + m.text() + "zz  k8s/c.yaml\n")).isEqualTo(m);
        assertThat(m.replacing(List.of("k8s"), java.util.Map.of()).lists("k8s/a.yaml")).isFalse();
        assertThat(m.replacing(List.of("charts/x"), java.util.Map.of()).lists("k8s/a.yaml")).isTrue();
    }

    private void twoFoldersStagedAndCommittedAgain() throws IOException {
        TreeWriter.deleteRecursively(root);
        Files.createDirectories(root);
        twoFoldersStagedAndCommitted();
    }
}
