package io.backupgen.pipeline;

import io.backupgen.document.DocumentReader;
import io.backupgen.emit.Ownership;
import io.backupgen.model.BackupModel;
import io.backupgen.model.ModelBuilder;
import io.backupgen.render.KustomizeRenderer;
import io.backupgen.render.RenderedFile;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;

/**
 * Spec -> model -> rendered files. Pure: no file system writes, so every stage can be tested and
 * {@code --check}, {@code --stdout} and a real write all see the same bytes.
 */
public final class RenderPipeline {
    private RenderPipeline() {
    }

    public static BackupModel model(LoadedSpec loaded) {
        return ModelBuilder.build(loaded.spec(), ModelBuilder.Context.of(fileName(loaded.file())));
    }

    public static Rendering render(LoadedSpec loaded, Format format) {
        BackupModel model = model(loaded);
        List<RenderedFile> raw = new ArrayList<>();
        Set<String> managed = new LinkedHashSet<>();
        if (format.includesKustomize()) {
            raw.addAll(KustomizeRenderer.base(model));
            managed.add("k8s");
        }
        List<RenderedFile> stamped = raw.stream()
                .map(f -> new RenderedFile(f.path(), Ownership.stamp(f.path(), f.content(), model.specFile())))
                .sorted(Comparator.comparing(RenderedFile::path))
                .toList();
        return new Rendering(stamped, managed);
    }

    /**
     * Validates the objects a rendering holds (the base's files; kustomization files are skipped by the
     * validator), before anything is written: an invalid tree is never written.
     */
    public static ValidationReport validate(Rendering rendering, Validator validator) {
        Map<String, String> objects = new TreeMap<>();
        for (RenderedFile f : rendering.files()) {
            if (f.path().startsWith(KustomizeRenderer.BASE_DIR) && f.isYaml()) {
                objects.put(f.path(), f.content());
            }
        }
        return validator.validate(DocumentReader.parse(objects));
    }

    /** The Kubernetes objects of the base as one multi-document stream (no kustomization.yaml). */
    public static String objectStream(LoadedSpec loaded) {
        StringBuilder sb = new StringBuilder();
        for (RenderedFile f : KustomizeRenderer.base(model(loaded))) {
            if (!f.path().endsWith("/kustomization.yaml")) {
                sb.append(f.content());
            }
        }
        return sb.toString();
    }

    /** Headers name the spec by file name only, so output does not depend on where the repo is checked out. */
    static String fileName(String file) {
        Path name = Path.of(file).getFileName();
        return name == null ? file : name.toString();
    }
}
