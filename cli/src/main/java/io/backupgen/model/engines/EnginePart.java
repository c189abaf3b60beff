package io.backupgen.model.engines;

import io.backupgen.model.BackupModel;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import java.util.List;

/**
 * What one engine adds to a model once its spec section turns it on: the files it renders and the
 * schedules {@code plan} reads. Templates see the part as {@code e} (and the whole model as {@code m}).
 */
public interface EnginePart {
    /** Object files of the kustomize base, each from one template; the chart has the same objects. */
    List<BaseFile> baseFiles();

    /**
     * Files beside the base that nothing applies on its own (a patch for an object the user owns, a
     * recovery manifest to fill in at 3 a.m.): path relative to {@code k8s/}, and template.
     */
    default List<BaseFile> extraFiles() {
        return List.of();
    }

    /** Its schedules, as {@code plan} reads them (next runs, overlaps, recovery point, horizons). */
    List<ScheduledJob> scheduledJobs(BackupModel model);

    /** Objects that live in a namespace of their own, which kustomize's {@code namespace:} must not move. */
    default List<Pinned> pinned() {
        return List.of();
    }

    /**
     * @param file     file name in {@code k8s/base/} (or path under {@code k8s/} for extra files)
     * @param template template under {@code templates/}
     */
    record BaseFile(String file, String template) {
    }

    /** An object kept in {@code namespace} whatever namespace the base or an overlay sets. */
    record Pinned(String group, String version, String kind, String name, String namespace) {
    }
}
