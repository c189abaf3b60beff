package io.backupgen.spec;

import java.util.List;
import java.util.Map;

/** {@code snapshots}: scheduled CSI VolumeSnapshots with pruning (see docs/engines.md). */
public record SnapshotsSpec(boolean enabled, String volumeSnapshotClassName, List<String> pvcs,
                            Map<String, String> selector, String image, int runAsUser, int readyTimeoutSeconds,
                            int startingDeadlineSeconds, int activeDeadlineSeconds, Spec.Resources resources,
                            Tiers tiers) {

    public record Tiers(Tier hourly, Tier daily, Tier weekly) {
        /** In schedule order, which is also the order their CronJobs are rendered in. */
        public Map<String, Tier> byName() {
            java.util.LinkedHashMap<String, Tier> m = new java.util.LinkedHashMap<>();
            m.put("hourly", hourly);
            m.put("daily", daily);
            m.put("weekly", weekly);
            return m;
        }
    }

    public record Tier(boolean enabled, String schedule, String timeZone, int keep, boolean suspend) {
    }
}
