package io.backupgen.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.document.Document;
import io.backupgen.document.DocumentReader;
import io.backupgen.render.Manifests;
import io.backupgen.render.RenderedFile;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Profiles;
import io.backupgen.spec.SpecLoader;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.util.List;
import java.util.Map;
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

    /**
     * An environment's objects are validated as trees; a set that fails is validated again from the text
     * --stdout prints, so the findings (and their lines) are exactly those of that text.
     */
    @Test
    void anEnvironmentsObjectsAreCheckedAsTreesAndReportedFromTheirText() {
        LoadedSpec withEnvs = new SpecLoader(new Profiles(null)).load("s.yaml",
                "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: shop\n"
                        + "environments:\n  staging:\n    profile: staging\n    namespace: shop-staging\n");
        Renders renders = new Renders(withEnvs);
        List<Document> existing = RenderPipeline.existing(renders.model("staging"));
        String overlay = "k8s/overlays/staging";

        ValidationReport good = RenderPipeline.validateObjects(overlay, renders.finalObjects("staging"),
                () -> renders.objectStream("staging"), existing, validator);
        ValidationReport goodText = validator.validate(
                DocumentReader.parse(Map.of(overlay, renders.objectStream("staging"))), existing);
        assertThat(good.ok()).isTrue();
        assertThat(goodText.ok()).isTrue();
        assertThat(good.results()).extracting(r -> r.document().displayName() + " " + r.status())
                .containsExactlyElementsOf(goodText.results().stream()
                        .map(r -> r.document().displayName() + " " + r.status()).toList());

        List<ObjectNode> tampered = renders.finalObjects("staging");
        ObjectNode pvc = tampered.stream().filter(o -> o.path("kind").asText().equals("PersistentVolumeClaim"))
                .findFirst().orElseThrow();
        ((ObjectNode) pvc.at("/spec/resources/requests")).put("storage", "ten gigs");
        String text = Manifests.stream(tampered);
        ValidationReport bad = RenderPipeline.validateObjects(overlay, tampered, () -> text, existing, validator);
        ValidationReport badText = validator.validate(DocumentReader.parse(Map.of(overlay, text)), existing);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.findings()).isNotEmpty().isEqualTo(badText.findings());
        assertThat(bad.findings()).anySatisfy(f -> {
            assertThat(f.source()).isEqualTo(overlay);
            assertThat(f.path()).isEqualTo("spec.resources.requests.storage");
            assertThat(f.line()).isEqualTo(lineOf(text, "storage: ten gigs"));
        });
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }
}
