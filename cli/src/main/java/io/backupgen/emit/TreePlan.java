package io.backupgen.emit;

import java.nio.file.Path;
import java.util.List;

/**
 * What writing a rendered tree would change, decided before anything is touched.
 *
 * @param root        the output directory
 * @param units       the managed folders, each switched as a whole (e.g. {@code k8s}, {@code charts/acme})
 * @param changes     every rendered file and every stale generated file, sorted by path
 * @param conflicts   files a user owns or edited that this write would overwrite or remove
 * @param kept        files (and empty folders) in the managed folders that are not backupgen's: carried into
 *                    the new folders untouched
 * @param notes       what a person should know about the kept files (a copy of a generated file, a file
 *                    left alone in a folder whose generated files were removed)
 * @param manifest    the record of written files on disk before this write
 * @param interrupted an earlier write was interrupted after its commit point (the next render finishes it)
 */
public record TreePlan(Path root, List<String> units, List<Change> changes, List<Conflict> conflicts,
                       List<Kept> kept, List<String> notes, Manifest manifest, boolean interrupted) {

    public enum Action { CREATE, UPDATE, UNCHANGED, DELETE }

    /** One file: its path relative to root, what happens to it, old and new text (null when absent). */
    public record Change(String path, Action action, String oldContent, String newContent) {
    }

    /** A path in a managed folder that is carried over as it is; {@code directory} for an empty folder. */
    public record Kept(String path, boolean directory) {
    }

    /** A file that would be overwritten or removed although it is not (or no longer) exactly backupgen's. */
    public record Conflict(String path, Ownership.Status status, boolean noLongerRendered) {
        public Conflict(String path, Ownership.Status status) {
            this(path, status, false);
        }

        public String describe() {
            if (noLongerRendered) {
                return path + " was edited by hand and is no longer rendered; backupgen would remove it"
                        + (path.endsWith("kustomization.yaml") ? " (keeping it while the generated files it lists are"
                        + " removed would leave a broken overlay)" : "");
            }
            return path + (status == Ownership.Status.EDITED ? " was edited by hand since backupgen wrote it"
                    : " is not a backupgen file (no generated-by header)");
        }
    }

    public boolean hasDrift() {
        return changes.stream().anyMatch(c -> c.action() != Action.UNCHANGED);
    }

    public long count(Action a) {
        return changes.stream().filter(c -> c.action() == a).count();
    }
}
