package io.backupgen.emit;

import java.util.List;
import java.util.stream.Collectors;

/** Writing would overwrite files that are not (or no longer) exactly backupgen's; nothing was written. */
public final class ConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** What to do about conflicts; {@code render --check} gives the same advice. */
    public static final String ADVICE = "Keep your change in the spec instead (or move your own files out of the"
            + " managed folders), or re-run with --force to overwrite or remove them.";
    private final transient List<TreePlan.Conflict> conflicts;

    public ConflictException(List<TreePlan.Conflict> conflicts) {
        super("refusing to overwrite or remove " + conflicts.size() + " file(s); nothing was written:\n"
                + conflicts.stream().map(c -> "  " + c.describe()).collect(Collectors.joining("\n"))
                + "\n" + ADVICE);
        this.conflicts = List.copyOf(conflicts);
    }

    public List<TreePlan.Conflict> conflicts() {
        return conflicts;
    }
}
