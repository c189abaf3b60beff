package io.backupgen.pipeline;

import io.backupgen.document.DocumentReader;
import io.backupgen.model.BackupModel;
import io.backupgen.render.JobRenderer;
import io.backupgen.render.KustomizeRenderer;
import io.backupgen.render.Manifests;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.validate.ValidationReport;
import io.backupgen.validate.Validator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Model -> one-off Job YAML -> validation, for {@code backupgen restore|list|backup-now}. Pure. A printed
 * Job is validated as {@code render} validates what it renders (the same {@link Validator}), inside the
 * set of its environment's objects, so its ConfigMap keys, PVC and ServiceAccount must resolve against
 * what is deployed; only the Job's own findings are reported.
 */
public final class JobPipeline {
    /** Source name of the printed Job in validation findings. */
    public static final String SOURCE = "<printed Job>";

    private JobPipeline() {
    }

    /** The YAML to print and what validation found in it. */
    public record Printed(BackupModel.Job job, String yaml, ValidationReport report) {
    }

    /** The model the Jobs are built from: {@code environment}'s, or the spec's own when it is null. */
    public static BackupModel model(LoadedSpec loaded, String environment) {
        return environment == null ? RenderPipeline.model(loaded) : RenderPipeline.model(loaded, environment);
    }

    public static Printed print(BackupModel m, BackupModel.Job job, List<String> comments, Validator validator) {
        String yaml = JobRenderer.yaml(m, job, comments);
        // The objects the Job runs against, as they are deployed (namespace included, as kustomize sets it).
        String deployed = Manifests.stream(KustomizeRenderer.objects(m).stream()
                .map(o -> Manifests.withNamespace(o, m.namespace())).toList());
        Map<String, String> files = new TreeMap<>();
        files.put(KustomizeRenderer.BASE_DIR, deployed);
        files.put(SOURCE, yaml);
        // Objects the spec says exist outside the rendered set (an existing claim or ServiceAccount), as render has them.
        ValidationReport all = validator.validate(DocumentReader.parse(files), RenderPipeline.existing(m));
        ValidationReport mine = new ValidationReport(all.results().stream()
                .filter(r -> r.source().equals(SOURCE)).toList(), List.of(SOURCE));
        return new Printed(job, yaml, mine);
    }
}
