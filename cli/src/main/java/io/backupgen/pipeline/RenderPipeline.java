package io.backupgen.pipeline;

import io.backupgen.document.Document;
import io.backupgen.document.DocumentReader;
import io.backupgen.emit.Ownership;
import io.backupgen.model.BackupModel;
import io.backupgen.model.ModelBuilder;
import io.backupgen.render.ChartValues;
import io.backupgen.render.HelmChartRenderer;
import io.backupgen.render.KustomizeRenderer;
import io.backupgen.render.Manifests;
import io.backupgen.render.OverlayRenderer;
import io.backupgen.render.RenderedFile;
import io.backupgen.render.Runbook;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.text.SafeText;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Spec -> model -> rendered files. Pure: no file system writes, so every stage can be tested and
 * {@code --check}, {@code --stdout} and a real write all see the same bytes.
 */
public final class RenderPipeline {
    private RenderPipeline() {
    }

    public static BackupModel model(LoadedSpec loaded) {
        return ModelBuilder.build(loaded.spec(), context(loaded));
    }

    /** An environment's own model: its spec (base < profile < overrides), namespace and suspend switch. */
    public static BackupModel model(LoadedSpec loaded, String environment) {
        LoadedSpec.Environment env = environment(loaded, environment);
        return ModelBuilder.build(env.spec(), context(loaded, env));
    }

    /** The environment called {@code name}; {@link UnknownEnvironmentException} lists the defined ones. */
    public static LoadedSpec.Environment environment(LoadedSpec loaded, String name) {
        LoadedSpec.Environment env = loaded.environments().get(name);
        if (env == null) {
            throw new UnknownEnvironmentException(fileName(loaded.file()), name, loaded.environmentNames());
        }
        return env;
    }

    public static Rendering render(LoadedSpec loaded, Format format) {
        return render(loaded, format, null);
    }

    /**
     * @param onlyEnvironment null for every environment; otherwise the kustomize output is the base plus
     *                        this environment's overlay, and only those folders are managed, so the other
     *                        overlays on disk are left alone (not pruned). The chart is always whole.
     */
    public static Rendering render(LoadedSpec loaded, Format format, String onlyEnvironment) {
        return render(new Renders(loaded), format, onlyEnvironment);
    }

    /** As {@link #render(LoadedSpec, Format, String)}, sharing models and rendered objects through {@code renders}. */
    public static Rendering render(Renders renders, Format format, String onlyEnvironment) {
        LoadedSpec loaded = renders.loaded();
        BackupModel model = renders.model(null);
        List<RenderedFile> raw = new ArrayList<>();
        Set<String> managed = new LinkedHashSet<>();
        if (format.includesKustomize()) {
            raw.addAll(renders.baseFiles(null));
            raw.addAll(KustomizeRenderer.extras(model));
            List<String> envs = onlyEnvironment == null ? loaded.environmentNames()
                    : List.of(environment(loaded, onlyEnvironment).name());
            for (String env : envs) {
                raw.addAll(OverlayRenderer.overlay(env, model, renders.model(env), renders.objects(null), renders.objects(env)));
            }
            // The runbook covers every environment: written with the whole tree, not by a one-environment render.
            if (onlyEnvironment == null) {
                raw.add(new RenderedFile(Runbook.FILE, Runbook.markdown(model, environmentModels(renders), 1)));
            }
            if (onlyEnvironment == null) {
                managed.add("k8s");
            } else {
                managed.add("k8s/base");
                managed.add(OverlayRenderer.OVERLAYS_DIR + onlyEnvironment);
                KustomizeRenderer.extras(model).forEach(f -> managed.add(f.path().substring(0, f.path().lastIndexOf('/'))));
            }
        }
        if (format.includesHelm()) {
            SortedMap<String, ChartValues.Source> envs = new TreeMap<>();
            for (LoadedSpec.Environment env : loaded.environments().values()) {
                envs.put(env.name(), new ChartValues.Source(renders.model(env.name()),
                        ModelBuilder.allTiers(env.spec(), context(loaded, env)), env.spec()));
            }
            raw.addAll(HelmChartRenderer.chart(new ChartValues.Source(model,
                    ModelBuilder.allTiers(loaded.spec(), context(loaded)), loaded.spec()), envs));
            managed.add(HelmChartRenderer.chartDir(model));
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
        return validate(rendering, validator, List.of());
    }

    private static ValidationReport validate(Rendering rendering, Validator validator, List<Document> existing) {
        Map<String, String> objects = new TreeMap<>();
        for (RenderedFile f : rendering.files()) {
            if (f.path().startsWith(KustomizeRenderer.BASE_DIR) && f.isYaml()) {
                objects.put(f.path(), f.content());
            }
        }
        return validator.validate(DocumentReader.parse(objects), existing);
    }

    /**
     * Objects the spec says exist outside the rendered set (storage.existingClaim, a ServiceAccount with
     * create: false), so that references to them resolve; only their kind and name are known.
     */
    public static List<Document> existing(BackupModel model) {
        List<Document> out = new ArrayList<>();
        if (!model.storage().create() && !model.storage().scratch()) {
            out.add(stub("PersistentVolumeClaim", model.names().pvc(), "storage.existingClaim"));
        }
        if (!model.serviceAccount().create()) {
            out.add(stub("ServiceAccount", model.names().serviceAccount(), "serviceAccount.name"));
        }
        return out;
    }

    private static Document stub(String kind, String name, String field) {
        com.fasterxml.jackson.databind.node.ObjectNode body =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", "v1");
        body.put("kind", kind);
        body.putObject("metadata").put("name", name);
        return new Document("spec " + field + " (exists in the cluster)", 0, 0, body);
    }

    /**
     * As {@link #validate(Rendering, Validator)} (or the base's objects from the model, when only a chart
     * was rendered), plus the final objects of every environment whose overlay or chart values the rendering holds (what {@code kubectl kustomize k8s/overlays/<env>} builds, from the
     * environment's model), named {@code k8s/overlays/<env>}. Each environment is validated as its own
     * set, so its references resolve against its own objects, not the base's.
     */
    public static ValidationReport validate(LoadedSpec loaded, Rendering rendering, Validator validator) {
        return validate(new Renders(loaded), rendering, validator);
    }

    /** As {@link #validate(LoadedSpec, Rendering, Validator)}, sharing models and objects through {@code renders}. */
    public static ValidationReport validate(Renders renders, Rendering rendering, Validator validator) {
        LoadedSpec loaded = renders.loaded();
        // A chart's templates are Go templates, not objects; the chart equals the base and the overlays
        // (proven by the Helm tests), so a chart-only rendering is checked through the model's objects.
        boolean chart = rendering.files().stream().anyMatch(f -> f.path().startsWith(HelmChartRenderer.CHARTS_DIR));
        boolean base = rendering.files().stream().anyMatch(f -> f.path().startsWith(KustomizeRenderer.BASE_DIR));
        ValidationReport report = base ? validate(rendering, validator, existing(renders.model(null)))
                : validator.validate(DocumentReader.parse(Map.of(KustomizeRenderer.BASE_DIR, renders.objectStream(null))),
                existing(renders.model(null)));
        List<io.backupgen.validate.Result> results = new ArrayList<>(report.results());
        List<String> sources = new ArrayList<>(report.sources());
        for (String env : loaded.environmentNames()) {
            String overlay = OverlayRenderer.OVERLAYS_DIR + env;
            if (chart || rendering.files().stream().anyMatch(f -> f.path().equals(overlay + "/kustomization.yaml"))) {
                ValidationReport r = validateObjects(overlay, renders.finalObjects(env), () -> renders.objectStream(env),
                        existing(renders.model(env)), validator);
                results.addAll(r.results());
                sources.addAll(r.sources());
            }
        }
        return new ValidationReport(results, sources);
    }

    /**
     * Objects made from a model, as the set {@code source}: validated as the trees they are, since writing
     * them as YAML to read them back (an environment's whole stream, the scripts ConfigMap included) was a
     * tenth of a full {@code render --check}. Only a set that fails is validated again from its text (what
     * {@code --stdout} prints), so findings name the lines of that stream exactly as before.
     */
    static ValidationReport validateObjects(String source, List<com.fasterxml.jackson.databind.node.ObjectNode> objects,
                                            java.util.function.Supplier<String> text, List<Document> existing,
                                            Validator validator) {
        List<Document> documents = new ArrayList<>();
        for (com.fasterxml.jackson.databind.node.ObjectNode o : objects) {
            documents.add(new Document(source, documents.size(), 0, o));
        }
        ValidationReport trees = validator.validate(
                new io.backupgen.document.DocumentSet(documents, List.of(), List.of(source)), existing);
        return trees.ok() ? trees : validator.validate(DocumentReader.parse(Map.of(source, text.get())), existing);
    }

    /** Every environment's model, by name (sorted): what the runbook names. */
    public static SortedMap<String, BackupModel> environmentModels(LoadedSpec loaded) {
        return environmentModels(new Renders(loaded));
    }

    /** As {@link #environmentModels(LoadedSpec)}, the models {@code renders} holds. */
    public static SortedMap<String, BackupModel> environmentModels(Renders renders) {
        SortedMap<String, BackupModel> out = new TreeMap<>();
        for (String env : renders.loaded().environmentNames()) {
            out.put(env, renders.model(env));
        }
        return out;
    }

    /** The Kubernetes objects of the base as one multi-document stream (no kustomization.yaml). */
    public static String objectStream(LoadedSpec loaded) {
        return new Renders(loaded).objectStream(null);
    }

    /**
     * An environment's final objects, as {@code kubectl kustomize k8s/overlays/<env>} builds them
     * (namespace included), computed from the environment's model: no kubectl needed.
     */
    public static String objectStream(LoadedSpec loaded, String environment) {
        return new Renders(loaded).objectStream(environment);
    }

    private static ModelBuilder.Context context(LoadedSpec loaded) {
        return ModelBuilder.Context.of(fileName(loaded.file()));
    }

    private static ModelBuilder.Context context(LoadedSpec loaded, LoadedSpec.Environment env) {
        return new ModelBuilder.Context(fileName(loaded.file()), env.namespace(), env.suspend());
    }

    /**
     * Headers name the spec by file name only, so output does not depend on where the repo is checked out;
     * made printable, as it lands in comments and JSON strings.
     */
    static String fileName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf(java.io.File.separatorChar));
        return SafeText.fileLabel(slash >= 0 && slash < file.length() - 1 ? file.substring(slash + 1) : file);
    }
}
