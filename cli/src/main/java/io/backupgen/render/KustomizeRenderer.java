package io.backupgen.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.EnginePart;
import io.backupgen.model.engines.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The kustomize base of seed 000: a fixed set of files, each from one template. */
public final class KustomizeRenderer {
    public static final String BASE_DIR = "k8s/base/";
    /** Where engines' files that are not part of the base go (e.g. k8s/cnpg/). */
    public static final String EXTRAS_DIR = "k8s/";
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
        List<String> files = new ArrayList<>(objectFiles(model));
        for (String file : files) {
            String text = TemplateEngine.render("kustomize/base/" + file + ".peb", Map.of("m", model));
            out.add(new RenderedFile(BASE_DIR + file, text));
        }
        for (EnginePart.BaseFile f : Engines.baseFiles(model)) {
            out.add(new RenderedFile(BASE_DIR + f.file(), engineFile(model, f)));
            files.add(f.file());
        }
        out.add(new RenderedFile(BASE_DIR + KUSTOMIZATION, TemplateEngine.render(
                "kustomize/base/" + KUSTOMIZATION + ".peb", Map.of("m", model, "resources", files,
                        "pins", model.namespace().isEmpty() ? List.of() : pinTexts(model)))));
        return out;
    }

    /** An engine's file, rendered with the model ({@code m}) and the engine's part ({@code e}). */
    private static String engineFile(BackupModel model, EnginePart.BaseFile f) {
        return TemplateEngine.render(f.template(), Map.of("m", model, "e", Engines.partOf(model, f)));
    }

    /**
     * Files beside the base that nothing applies on its own (an engine's patch for an object the user
     * owns, a recovery manifest), under {@code k8s/}.
     */
    public static List<RenderedFile> extras(BackupModel model) {
        List<RenderedFile> out = new ArrayList<>();
        for (EnginePart.BaseFile f : Engines.extraFiles(model)) {
            out.add(new RenderedFile(EXTRAS_DIR + f.file(), engineFile(model, f)));
        }
        return out;
    }

    /**
     * kustomize transformers that put objects living in a namespace of their own (Velero's Schedule)
     * back there after {@code namespace:} has moved every object: user transformers run after the
     * built-in namespace transformer. Empty when no object is pinned.
     */
    /** {@link #pins} as the YAML text kustomize reads inline under {@code transformers:}. */
    public static List<String> pinTexts(BackupModel model) {
        return pins(model).stream().map(p -> Manifests.write(p).stripTrailing()).toList();
    }

    public static List<ObjectNode> pins(BackupModel model) {
        List<ObjectNode> out = new ArrayList<>();
        for (EnginePart.Pinned p : Engines.pinned(model)) {
            ObjectNode t = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            t.put("apiVersion", "builtin");
            t.put("kind", "PatchTransformer");
            t.putObject("metadata").put("name", "keep-" + p.kind().toLowerCase(java.util.Locale.ROOT) + "-" + p.name()
                    + "-in-" + p.namespace());
            ObjectNode target = t.putObject("target");
            target.put("group", p.group());
            target.put("version", p.version());
            target.put("kind", p.kind());
            target.put("name", p.name());
            t.put("patch", "- op: replace\n  path: /metadata/namespace\n  value: " + p.namespace() + "\n");
            out.add(t);
        }
        return out;
    }

    /**
     * The Kubernetes objects of the base, parsed, in file then document order; without
     * kustomization.yaml and without the namespace (kustomize adds that).
     */
    public static List<ObjectNode> objects(BackupModel model) {
        return objects(base(model));
    }

    /** As {@link #objects(BackupModel)}, from the files {@link #base} rendered. */
    public static List<ObjectNode> objects(List<RenderedFile> baseFiles) {
        List<ObjectNode> out = new ArrayList<>();
        for (RenderedFile f : baseFiles) {
            if (isObjectFile(f)) {
                out.addAll(Manifests.parse(f.content()));
            }
        }
        return out;
    }

    /** A file of {@link #base} that holds objects (under k8s/base/, not kustomization.yaml). */
    public static boolean isObjectFile(RenderedFile f) {
        return f.path().startsWith(BASE_DIR) && !f.path().endsWith("/kustomization.yaml");
    }
}
