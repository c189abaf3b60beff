package io.backupgen.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code k8s/overlays/<env>/}: the difference between the environment's objects and the base's, as
 * kustomize patches — never a copy of the base.
 *
 * <p>Both object sets come from the same templates, rendered once from the base model and once from
 * the environment's model; the overlay is their generic difference per object (by kind and name).
 * Nothing here knows which fields an environment may change, so objects added to the base later are
 * covered without new code:
 * <ul>
 *   <li>an object in both with different fields: {@code patches/<kind>-<name>.yaml}, a JSON patch
 *       (see {@link JsonPatchDiff} for why not strategic merge);</li>
 *   <li>an object only the environment has (a tier the base disables): a resource file beside the
 *       kustomization;</li>
 *   <li>an object only the base has (a tier the environment disables): a {@code $patch: delete} patch;</li>
 *   <li>the namespace: kustomize's {@code namespace:}, which also rewrites references kustomize knows.</li>
 * </ul>
 */
public final class OverlayRenderer {
    public static final String OVERLAYS_DIR = "k8s/overlays/";

    private OverlayRenderer() {
    }

    /**
     * @param env       the environment's name (the overlay's folder)
     * @param base      the model the base was rendered from
     * @param envModel  the environment's model ({@code namespace} is the environment's namespace)
     */
    public static List<RenderedFile> overlay(String env, BackupModel base, BackupModel envModel) {
        return overlay(env, base, envModel, KustomizeRenderer.objects(base), KustomizeRenderer.objects(envModel));
    }

    /**
     * As {@link #overlay(String, BackupModel, BackupModel)}, from the objects the two models' base files
     * hold ({@link KustomizeRenderer#objects}), already parsed; they are read, never changed.
     */
    public static List<RenderedFile> overlay(String env, BackupModel base, BackupModel envModel,
                                             List<ObjectNode> baseObjects, List<ObjectNode> envObjects) {
        String dir = OVERLAYS_DIR + env + "/";
        Map<String, ObjectNode> from = byKey(baseObjects);
        Map<String, ObjectNode> to = byKey(envObjects);

        List<RenderedFile> files = new ArrayList<>();
        List<String> resources = new ArrayList<>(List.of("../../base"));
        List<ObjectNode> patches = new ArrayList<>();

        for (Map.Entry<String, ObjectNode> e : to.entrySet()) {
            ObjectNode target = e.getValue();
            ObjectNode original = from.get(e.getKey());
            String stem = fileStem(target);
            if (original == null) {
                String file = stem + ".yaml";
                files.add(new RenderedFile(dir + file, "# " + Manifests.key(target) + ": only in " + env
                        + ", not in the base.\n" + Manifests.write(target)));
                resources.add(file);
                continue;
            }
            ArrayNode ops = JsonPatchDiff.diff(original, target);
            if (ops.isEmpty()) {
                continue;
            }
            String file = "patches/" + stem + ".yaml";
            files.add(new RenderedFile(dir + file, "# " + Manifests.key(target) + ": what " + env
                    + " changes from the base (RFC 6902 JSON patch).\n" + Manifests.write(ops)));
            patches.add(patchEntry(file, target));
        }
        for (Map.Entry<String, ObjectNode> e : from.entrySet()) {
            if (!to.containsKey(e.getKey())) {
                ObjectNode gone = e.getValue();
                String file = "patches/delete-" + fileStem(gone) + ".yaml";
                ObjectNode delete = JsonNodeFactory.instance.objectNode();
                delete.put("$patch", "delete");
                delete.set("apiVersion", gone.get("apiVersion"));
                delete.set("kind", gone.get("kind"));
                ObjectNode meta = delete.putObject("metadata");
                meta.set("name", gone.path("metadata").get("name"));
                if (gone.path("metadata").has("namespace")) {
                    // An object with a namespace of its own (pinned) is known to kustomize only by it.
                    meta.set("namespace", gone.path("metadata").get("namespace"));
                }
                files.add(new RenderedFile(dir + file, "# " + Manifests.key(gone) + ": not rendered in " + env
                        + ".\n" + Manifests.write(delete)));
                ObjectNode entry = JsonNodeFactory.instance.objectNode();
                entry.put("path", file);
                patches.add(entry);
            }
        }

        ObjectNode k = JsonNodeFactory.instance.objectNode();
        k.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
        k.put("kind", "Kustomization");
        if (!envModel.namespace().isEmpty()) {
            k.put("namespace", envModel.namespace());
        }
        ArrayNode res = k.putArray("resources");
        resources.forEach(res::add);
        if (!patches.isEmpty()) {
            patches.sort(java.util.Comparator.comparing(p -> p.path("path").asText()));
            k.putArray("patches").addAll(patches);
        }
        if (!envModel.namespace().isEmpty()) {
            // The environment's namespace: moves every object again, so pinned ones are put back once more.
            List<String> pins = KustomizeRenderer.pinTexts(envModel);
            if (!pins.isEmpty()) {
                pins.forEach(k.putArray("transformers")::add);
            }
        }
        files.add(new RenderedFile(dir + "kustomization.yaml", "# Environment " + env + ": the base plus what "
                + env + " changes. Build with: kubectl kustomize " + dir.substring(0, dir.length() - 1) + "\n"
                + Manifests.write(k)));
        // Engine files beside the base (a Cluster patch, a recovery manifest) that this environment renders
        // differently (another CloudNativePG cluster, say): its own copy in the overlay's folder.
        Map<String, String> baseExtras = new LinkedHashMap<>();
        KustomizeRenderer.extras(base).forEach(f -> baseExtras.put(f.path(), f.content()));
        for (RenderedFile f : KustomizeRenderer.extras(envModel)) {
            if (!f.content().equals(baseExtras.get(f.path()))) {
                files.add(new RenderedFile(dir + f.path().substring(KustomizeRenderer.EXTRAS_DIR.length()), f.content()));
            }
        }
        files.sort(java.util.Comparator.comparing(RenderedFile::path));
        return files;
    }

    private static ObjectNode patchEntry(String file, JsonNode target) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("path", file);
        ObjectNode t = entry.putObject("target");
        String apiVersion = target.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        if (slash >= 0) {
            t.put("group", apiVersion.substring(0, slash));
        }
        t.put("version", apiVersion.substring(slash + 1));
        t.put("kind", target.path("kind").asText());
        t.put("name", target.path("metadata").path("name").asText());
        return entry;
    }

    /** "cronjob-acme-backup-daily": unique within one rendered set, since names are unique per kind. */
    private static String fileStem(JsonNode object) {
        return object.path("kind").asText().toLowerCase(Locale.ROOT) + "-" + object.path("metadata").path("name").asText();
    }

    private static Map<String, ObjectNode> byKey(List<ObjectNode> objects) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (ObjectNode o : objects) {
            if (out.put(Manifests.key(o), o) != null) {
                throw new IllegalStateException("the base renders " + Manifests.key(o) + " twice");
            }
        }
        return out;
    }
}
