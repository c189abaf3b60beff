package io.backupgen.emit;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.Arrays;
import java.util.List;

/** Human-readable drift between disk and a fresh render, for {@code render --check}. */
public final class Drift {
    private Drift() {
    }

    public static String describe(TreePlan plan) {
        StringBuilder sb = new StringBuilder();
        for (TreePlan.Change c : plan.changes()) {
            switch (c.action()) {
                case CREATE -> sb.append("missing: ").append(c.path()).append('\n');
                case DELETE -> sb.append("stale (no longer rendered): ").append(c.path()).append('\n');
                case UPDATE -> {
                    sb.append("differs: ").append(c.path()).append('\n');
                    List<String> before = lines(c.oldContent());
                    List<String> after = lines(c.newContent());
                    List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("a/" + c.path(), "b/" + c.path(),
                            before, DiffUtils.diff(before, after), 3);
                    diff.forEach(l -> sb.append(l).append('\n'));
                }
                case UNCHANGED -> {
                }
            }
        }
        return sb.toString();
    }

    private static List<String> lines(String s) {
        return Arrays.asList(s.split("\n", -1));
    }
}
