package io.backupgen.render;

import io.backupgen.model.BackupModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The kustomize base of seed 000: a fixed set of files, each from one template. */
public final class KustomizeRenderer {
    public static final String BASE_DIR = "k8s/base/";
    /** Output file -> template. The file names are seed 000's contract. */
    static final List<String> BASE_FILES = List.of(
            "backup-configmap.yaml",
            "backup-cronjob.yaml",
            "backup-pvc.yaml",
            "backup-scripts-configmap.yaml",
            "backup-serviceaccount.yaml",
            "kustomization.yaml");

    private KustomizeRenderer() {
    }

    public static List<RenderedFile> base(BackupModel model) {
        List<RenderedFile> out = new ArrayList<>();
        for (String file : BASE_FILES) {
            String text = TemplateEngine.render("kustomize/base/" + file + ".peb", Map.of("m", model));
            out.add(new RenderedFile(BASE_DIR + file, text));
        }
        return out;
    }
}
