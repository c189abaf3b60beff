package io.backupgen.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * What a daylight-saving switch does to a schedule on one local day: wall-clock times the
 * expression names that do not run (they fall in the spring-forward gap) and those that run twice
 * (they fall in the fall-back repeat), as Kubernetes' controller schedules them.
 */
public record DstEffect(LocalDate date, List<LocalTime> skipped, List<LocalTime> twice) {
    public String describe(String zone) {
        StringBuilder sb = new StringBuilder();
        if (!skipped.isEmpty()) {
            sb.append(times(skipped)).append(skipped.size() == 1 ? " does" : " do").append(" not exist in ").append(zone)
                    .append(" on ").append(date).append(": no run (Kubernetes does not catch up)");
        }
        if (!twice.isEmpty()) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(times(twice)).append(twice.size() == 1 ? " happens" : " happen").append(" twice in ").append(zone)
                    .append(" on ").append(date).append(": runs twice, an hour apart");
        }
        return sb.toString();
    }

    private static String times(List<LocalTime> ts) {
        return ts.size() <= 3 ? String.join(", ", ts.stream().map(LocalTime::toString).toList())
                : ts.get(0) + ".." + ts.get(ts.size() - 1) + " (" + ts.size() + " times)";
    }
}
