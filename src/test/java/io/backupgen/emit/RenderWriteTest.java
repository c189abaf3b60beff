package io.backupgen.emit;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drift gate and the promise that a user's edit is never overwritten silently. */
class RenderWriteTest {
    @TempDir
    Path out;
    Path spec;

    @BeforeEach
    void renderOnce() {
        spec = Repo.root().resolve("samples/minimal.yaml");
        assertThat(render().exitCode()).isZero();
    }

    private CliRun render(String... extra) {
        String[] base = {"render", "-f", spec.toString(), "-o", out.toString()};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRun.of(all);
    }

    @Test
    void checkPassesOnAFreshRender() {
        CliRun r = render("--check");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("up to date");
    }

    @Test
    void checkFailsAfterAHandEditAndShowsTheDiff() throws Exception {
        Path pvc = out.resolve("k8s/base/backup-pvc.yaml");
        Files.writeString(pvc, Files.readString(pvc).replace("storage: \"10Gi\"", "storage: \"20Gi\""));
        CliRun r = render("--check");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("differs: k8s/base/backup-pvc.yaml")
                .contains("-      storage: \"20Gi\"").contains("+      storage: \"10Gi\"").contains("drift:");
    }

    @Test
    void checkReportsMissingFiles() throws Exception {
        Files.delete(out.resolve("k8s/base/backup-cronjob.yaml"));
        CliRun r = render("--check");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("missing: k8s/base/backup-cronjob.yaml");
    }

    @Test
    void handEditedFileSurvivesRenderWithoutForce() throws Exception {
        Path pvc = out.resolve("k8s/base/backup-pvc.yaml");
        String edited = Files.readString(pvc).replace("storage: \"10Gi\"", "storage: \"20Gi\"");
        Files.writeString(pvc, edited);
        Path cm = out.resolve("k8s/base/backup-configmap.yaml");
        String cmBefore = Files.readString(cm);

        // A spec change that would touch several files: none of them may be written.
        Path changed = out.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(spec) + "database:\n  port: 6543\n");
        CliRun r = CliRun.of("render", "-f", changed.toString(), "-o", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("k8s/base/backup-pvc.yaml was edited by hand").contains("--force")
                .contains("nothing was written");
        assertThat(Files.readString(pvc)).isEqualTo(edited);
        assertThat(Files.readString(cm)).as("all or nothing").isEqualTo(cmBefore);

        CliRun forced = CliRun.of("render", "-f", changed.toString(), "-o", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(pvc)).contains("storage: \"10Gi\"");
        assertThat(Files.readString(cm)).contains("POSTGRES_PORT: \"6543\"");
    }

    @Test
    void aFileWithoutTheHeaderIsTheUsersAndIsKept() throws Exception {
        Path sa = out.resolve("k8s/base/backup-serviceaccount.yaml");
        Files.writeString(sa, "# mine\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\n");
        CliRun r = render();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backup-serviceaccount.yaml is not a backupgen file");
        assertThat(Files.readString(sa)).startsWith("# mine");
    }

    @Test
    void usersOwnFilesBesideTheBaseAreLeftAlone() throws Exception {
        Path own = out.resolve("k8s/base/backend-deployment.yaml");
        Files.writeString(own, "kind: Deployment\n");
        assertThat(render().exitCode()).isZero();
        assertThat(render("--check").exitCode()).isZero();
        assertThat(own).hasContent("kind: Deployment");
    }

    @Test
    void noStagingFolderIsLeftBehind() throws Exception {
        Files.writeString(out.resolve("other.yaml"), Files.readString(spec) + "database:\n  port: 6000\n");
        assertThat(CliRun.of("render", "-f", out.resolve("other.yaml").toString(), "-o", out.toString()).exitCode())
                .isZero();
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".backupgen-staging"));
        }
    }

    @Test
    void disabledTierDisappearsFromTheTree() throws Exception {
        Path changed = out.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(spec) + "tiers:\n  monthly:\n    enabled: false\n");
        assertThat(CliRun.of("render", "-f", changed.toString(), "-o", out.toString()).exitCode()).isZero();
        assertThat(Files.readString(out.resolve("k8s/base/backup-cronjob.yaml"))).doesNotContain("backup-monthly");
        assertThat(Files.readString(out.resolve("k8s/base/backup-configmap.yaml")))
                .doesNotContain("BACKUP_RETENTION_MONTHLY");
    }
}
