package io.backupgen.emit;

import java.nio.file.Path;
import java.util.List;

/**
 * What writing a rendered tree would change, decided before anything is touched.
 *
 * @param root      the output directory
 * @param changes   every rendered file and every stale generated file, sorted by path
 * @param conflicts files a user owns or edited that this write would overwrite
 */
public record TreePlan(Path root, List<Change> changes, List<Conflict> conflicts) {

    public enum Action { CREATE, UPDATE, UNCHANGED, DELETE }

    /** One file: its path relative to root, what happens to it, old and new text (null when absent). */
    public record Change(String path, Action action, String oldContent, String newContent) {
    }

    /** A file that would be overwritten although it is not (or no longer) exactly backupgen's. */
    public record Conflict(String path, Ownership.Status status) {
        public String describe() {
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
