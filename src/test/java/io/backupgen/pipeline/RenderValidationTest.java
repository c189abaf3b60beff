package io.backupgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.render.RenderedFile;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Profiles;
import io.backupgen.spec.SpecLoader;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate render passes its output through: a broken object in the tree must be caught before writing. */
class RenderValidationTest {
    private final LoadedSpec loaded = new SpecLoader(new Profiles(null)).load("s.yaml",
            "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: shop\n");
    private final Validator validator = new Validator(ValidatorOptions.defaults());

    @Test
    void aFreshRenderingIsValid() {
        assertThat(RenderPipeline.validate(RenderPipeline.render(loaded, Format.KUSTOMIZE), validator).ok()).isTrue();
    }

    @Test
    void aChartOnlyRenderingIsValidatedThroughTheModelsObjects() {
        LoadedSpec withEnvs = new SpecLoader(new Profiles(null)).load("s.yaml",
                "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: shop\n"
                        + "environments:\n  staging:\n    profile: staging\n    namespace: shop-staging\n");
        var report = RenderPipeline.validate(withEnvs, RenderPipeline.render(withEnvs, Format.HELM), validator);
        assertThat(report.ok()).isTrue();
        assertThat(report.results()).extracting(r -> r.document().source())
                .contains("k8s/base/", "k8s/overlays/staging");
        assertThat(report.results()).extracting(r -> r.document().kind()).contains("CronJob", "PersistentVolumeClaim");
    }

    @Test
    void aTamperedRenderingIsCaughtWithFileAndPath() {
        Rendering good = RenderPipeline.render(loaded, Format.KUSTOMIZE);
        List<RenderedFile> files = good.files().stream().map(f -> f.path().endsWith("backup-pvc.yaml")
                ? new RenderedFile(f.path(), f.content().replace("storage: \"10Gi\"", "storage: \"ten gigs\""))
                : f).toList();
        var report = RenderPipeline.validate(new Rendering(files, good.managedDirs()), validator);
        assertThat(report.ok()).isFalse();
        assertThat(report.findings()).anySatisfy(f -> {
            assertThat(f.source()).isEqualTo("k8s/base/backup-pvc.yaml");
            assertThat(f.path()).isEqualTo("spec.resources.requests.storage");
            assertThat(f.rule()).isEqualTo("quantity");
        });
    }
}
