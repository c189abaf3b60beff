package io.backupgen.kube;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.backupgen.spec.Suggest;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks of single values as the Kubernetes API server judges them. Each returns the problem (with
 * a hint where one helps) or empty when the value is accepted.
 */
public final class KubeValues {
    private static final CronParser UNIX_CRON =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Descriptors robfig/cron's ParseStandard accepts, which is what the CronJob controller uses. */
    private static final Set<String> CRON_MACROS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern EVERY = Pattern.compile("@every (\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private KubeValues() {
    }

    public static Optional<String> cronProblem(String schedule) {
        String s = schedule == null ? "" : schedule.trim();
        if (s.isEmpty()) {
            return Optional.of("empty schedule");
        }
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            return Optional.of("time zone prefixes in the schedule are not supported; use timeZone instead");
        }
        if (s.startsWith("@")) {
            if (CRON_MACROS.contains(s) || EVERY.matcher(s).matches()) {
                return Optional.empty();
            }
            String hint = Suggest.nearest(s, CRON_MACROS).map(m -> "; did you mean '" + m + "'?").orElse("");
            return Optional.of("unknown schedule macro '" + s + "'" + hint);
        }
        int fields = s.split("\\s+").length;
        if (fields == 6 || fields == 7) {
            return Optional.of("'" + s + "' has " + fields + " fields, which looks like a Quartz/Spring expression"
                    + " with seconds; Kubernetes takes 5 fields: minute hour day-of-month month day-of-week");
        }
        if (fields != 5) {
            return Optional.of("'" + s + "' has " + fields
                    + " fields; Kubernetes takes 5: minute hour day-of-month month day-of-week");
        }
        try {
            UNIX_CRON.parse(s.replace('?', '*')).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("invalid cron expression '" + s + "': " + e.getMessage());
        }
    }

    public static Optional<String> timeZoneProblem(String zone) {
        if (zone == null || zone.isEmpty()) {
            return Optional.of("empty time zone");
        }
        // The API server loads zones from the IANA database; Java's region ids are that database.
        // Offsets ("+01:00") and "Local" are not ids there, so they fail here as they fail there.
        if (ZoneId.getAvailableZoneIds().contains(zone)) {
            return Optional.empty();
        }
        String hint = Suggest.nearest(zone, ZoneId.getAvailableZoneIds()).map(z -> "; did you mean '" + z + "'?")
                .orElse("; use an IANA name such as UTC or Europe/Berlin");
        return Optional.of("unknown time zone '" + zone + "'" + hint);
    }

    public static boolean isDns1123Label(String s) {
        return s != null && s.length() <= 63 && DNS1123_LABEL.matcher(s).matches();
    }
}
