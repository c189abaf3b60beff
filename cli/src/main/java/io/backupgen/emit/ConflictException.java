package io.backupgen.emit;

import java.util.List;
import java.util.stream.Collectors;

/** Writing would overwrite files that are not (or no longer) exactly backupgen's; nothing was written. */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<TreePlan.Conflict> conflicts;

    public ConflictException(List<TreePlan.Conflict> conflicts) {
        super("refusing to overwrite " + conflicts.size() + " file(s); nothing was written:\n"
                + conflicts.stream().map(c -> "  " + c.describe()).collect(Collectors.joining("\n"))
                + "\nKeep your change in the spec instead, or re-run with --force to overwrite.");
        this.conflicts = List.copyOf(conflicts);
    }

    public List<TreePlan.Conflict> conflicts() {
        return conflicts;
    }
}
