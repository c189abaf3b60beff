package io.backupgen.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.render.KustomizeRenderer;
import io.backupgen.render.Manifests;
import io.backupgen.render.RenderedFile;
import io.backupgen.spec.LoadedSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run renders from one spec, each made once and shared by the stages that need it: the
 * model of the base and of each environment, each one's base files (template output), their objects
 * (parsed once from those files, for the overlay diff) and the final object stream an environment
 * validates and {@code --stdout} prints. One render used to build each environment's model up to four
 * times and render and parse its templates three times.
 *
 * <p>Not thread-safe; one instance per run. The objects it hands out are shared: callers read them
 * and copy before changing anything ({@link Manifests#withNamespace} copies).
 */
public final class Renders {
    /** The key of the base (no environment) in the maps below. */
    private static final String BASE = "";

    private final LoadedSpec loaded;
    private final Map<String, BackupModel> models = new HashMap<>();
    private final Map<String, List<RenderedFile>> files = new HashMap<>();
    private final Map<String, List<ObjectNode>> objects = new HashMap<>();
    private final Map<String, String> streams = new HashMap<>();
    /** A base file's text -> its objects, shared by every model that renders that same text. */
    private final Map<String, List<ObjectNode>> parsed = new HashMap<>();

    public Renders(LoadedSpec loaded) {
        this.loaded = loaded;
    }

    public LoadedSpec loaded() {
        return loaded;
    }

    /** The base's model ({@code environment} null) or an environment's. */
    public BackupModel model(String environment) {
        return models.computeIfAbsent(key(environment),
                k -> k.isEmpty() ? RenderPipeline.model(loaded) : RenderPipeline.model(loaded, k));
    }

    /** The base files (k8s/base and the extras beside it) rendered from that model. */
    public List<RenderedFile> baseFiles(String environment) {
        return files.computeIfAbsent(key(environment), k -> List.copyOf(KustomizeRenderer.base(model(environment))));
    }

    /**
     * The Kubernetes objects of those files, in file then document order, without kustomization.yaml.
     * A file an environment renders exactly as the base (or another environment) does is parsed once:
     * most are (the scripts ConfigMap, two thirds of the text, always is), and the parse was a tenth of
     * a full render --check.
     */
    public List<ObjectNode> objects(String environment) {
        return objects.computeIfAbsent(key(environment), k -> {
            List<ObjectNode> out = new ArrayList<>();
            for (RenderedFile f : baseFiles(environment)) {
                if (KustomizeRenderer.isObjectFile(f)) {
                    out.addAll(parsed.computeIfAbsent(f.content(), Manifests::parse));
                }
            }
            return List.copyOf(out);
        });
    }

    /**
     * The objects as one stream: for the base, the base files' text as rendered; for an environment, its
     * final objects as {@code kubectl kustomize k8s/overlays/<env>} builds them (namespace included).
     */
    public String objectStream(String environment) {
        return streams.computeIfAbsent(key(environment), k -> {
            if (k.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (RenderedFile f : baseFiles(null)) {
                    if (KustomizeRenderer.isObjectFile(f)) {
                        sb.append(f.content());
                    }
                }
                return sb.toString();
            }
            return Manifests.stream(finalObjects(k));
        });
    }

    /**
     * An environment's final objects (what {@link #objectStream} writes for it): its objects with its
     * namespace, as kustomize sets it; fresh copies on each call, the caller's to keep.
     */
    public List<ObjectNode> finalObjects(String environment) {
        String namespace = model(environment).namespace();
        return objects(environment).stream().map(o -> Manifests.withNamespace(o, namespace)).toList();
    }

    private static String key(String environment) {
        return environment == null ? BASE : environment;
    }
}
