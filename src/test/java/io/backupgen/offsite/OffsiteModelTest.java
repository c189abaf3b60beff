package io.backupgen.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.model.BackupModel;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.Repo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Offsite module decides for samples/offsite.yaml: pods, volumes, egress, per environment. */
class OffsiteModelTest {
    private static final Path SAMPLE = Repo.root().resolve("samples/offsite.yaml");

    private static BackupModel model(String env) {
        LoadedSpec loaded = SpecLoader.forSpecFile(SAMPLE).load(SAMPLE);
        return env == null ? RenderPipeline.model(loaded) : RenderPipeline.model(loaded, env);
    }

    @Test
    void backupJobsDumpFirstThenUploadFromRclonesImageWithoutAVolume() {
        BackupModel m = model(null);
        assertThat(m.storage().scratch()).isTrue();
        assertThat(m.storage().create()).isFalse();
        for (BackupModel.Tier t : m.tiers()) {
            BackupModel.Job j = t.job();
            assertThat(j.script()).isEqualTo("upload.sh");
            assertThat(j.extras().image()).startsWith("docker.io/rclone/rclone:1.68.2@sha256:");
            assertThat(j.extras().initContainers()).extracting(BackupModel.InitContainer::script)
                    .containsExactly("backup.sh");
            assertThat(j.env()).anySatisfy(e -> assertThat(e.name()).isEqualTo("OFFSITE_KEEP"));
        }
        assertThat(m.verify().job().extras().initContainers()).extracting(BackupModel.InitContainer::name)
                .containsExactly("fetch");
        assertThat(m.restore().job().env()).anySatisfy(e -> assertThat(e).isEqualTo(
                BackupModel.EnvVar.literal("RESTORE_SOURCE_DIR", "/fetched")));
        assertThat(m.scripts()).containsKeys("upload.sh", "fetch.sh", "offsite.sh");
    }

    @Test
    void planSizesThePodsEmptyDirForOneDumpNotTheBucketsRetention() {
        io.backupgen.testing.CliRun r = io.backupgen.testing.CliRun.of("plan", "-f", SAMPLE.toString(), "--db-size", "5Gi");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("1 dumps kept at once").doesNotContain("SHORTFALL");
    }

    @Test
    void theNetworkPolicyLetsThePodsReachTheStoresPortOnly() {
        BackupModel m = model(null);
        assertThat(m.networkPolicy().enabled()).isTrue();
        List<BackupModel.EgressTarget> store = m.networkPolicy().egress().stream()
                .filter(e -> e.purpose().contains("off-site object store")).toList();
        assertThat(store).hasSize(1);
        assertThat(store.get(0).rule().get("ports")).isEqualTo(List.of(Map.of("protocol", "TCP", "port", 9000)));
        // minio.storage.svc.cluster.local: the pods of namespace storage, not an IP block that a network
        // plugin may not match against pod addresses.
        assertThat(store.get(0).rule().get("to")).isEqualTo(List.of(Map.of(
                "namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "storage")),
                "podSelector", Map.of())));
    }

    @Test
    void stagingNeverWritesIntoProductionsFolderOrWithItsKeysOrDatabase() {
        BackupModel prod = model("production");
        BackupModel staging = model("staging");
        assertThat(staging.offsite().setting("OFFSITE_PREFIX")).isNotEqualTo(prod.offsite().setting("OFFSITE_PREFIX"));
        assertThat(staging.offsite().secretOf("OFFSITE_PASSWORD")).isNotEqualTo(prod.offsite().secretOf("OFFSITE_PASSWORD"));
        assertThat(staging.offsite().secretOf("AWS_ACCESS_KEY_ID")).isNotEqualTo(prod.offsite().secretOf("AWS_ACCESS_KEY_ID"));
        assertThat(staging.database().host()).isNotEqualTo(prod.database().host());
        assertThat(staging.database().name()).isNotEqualTo(prod.database().name());
    }
}
