package io.backupgen.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The kustomize base of seed 000: a fixed set of files, each from one template. */
public final class KustomizeRenderer {
    public static final String BASE_DIR = "k8s/base/";
    static final String KUSTOMIZATION = "kustomization.yaml";

    private KustomizeRenderer() {
    }

    /**
     * The object files of the base, each rendered from the template of the same name. Names are seed 000's.
     * The PVC and the ServiceAccount are left out when the spec names existing ones.
     */
    static List<String> objectFiles(BackupModel model) {
        List<String> files = new ArrayList<>(List.of("backup-configmap.yaml", "backup-cronjob.yaml"));
        if (model.networkPolicy().enabled()) {
            files.add("backup-networkpolicy.yaml");
        }
        if (model.storage().create()) {
            files.add("backup-pvc.yaml");
        }
        if (model.restore().enabled()) {
            files.add("backup-restore-cronjob.yaml");
        }
        files.add("backup-scripts-configmap.yaml");
        if (model.serviceAccount().create()) {
            files.add("backup-serviceaccount.yaml");
        }
        if (model.verify().enabled()) {
            files.add("backup-verify-cronjob.yaml");
        }
        if (model.alerts().enabled()) {
            files.add(files.indexOf("backup-pvc.yaml") + 1, "backup-prometheusrule.yaml");
        }
        return files;
    }

    public static List<RenderedFile> base(BackupModel model) {
        List<RenderedFile> out = new ArrayList<>();
        List<String> files = objectFiles(model);
        for (String file : files) {
            String text = TemplateEngine.render("kustomize/base/" + file + ".peb", Map.of("m", model));
            out.add(new RenderedFile(BASE_DIR + file, text));
        }
        out.add(new RenderedFile(BASE_DIR + KUSTOMIZATION, TemplateEngine.render(
                "kustomize/base/" + KUSTOMIZATION + ".peb", Map.of("m", model, "resources", files))));
        return out;
    }

    /**
     * The Kubernetes objects of the base, parsed, in file then document order; without
     * kustomization.yaml and without the namespace (kustomize adds that).
     */
    public static List<ObjectNode> objects(BackupModel model) {
        List<ObjectNode> out = new ArrayList<>();
        for (RenderedFile f : base(model)) {
            if (!f.path().endsWith("/kustomization.yaml")) {
                out.addAll(Manifests.parse(f.content()));
            }
        }
        return out;
    }
}
