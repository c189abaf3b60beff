package io.backupgen.kube;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.backupgen.text.Suggest;

/**
 * Checks of single values as the Kubernetes API server judges them, shared by the spec rules (so a
 * spec is refused before rendering) and the manifest validator (so any manifest is checked alike).
 */
public final class KubeValues {

    private KubeValues() {
    }

    public static boolean isDns1123Label(String s) {
        return s != null && s.length() <= 63 && dns1123Label(s, 0, s.length());
    }

    /**
     * {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?} over {@code s[from, to)}, by hand: these checks run for
     * every label of every validated document.
     */
    private static boolean dns1123Label(String s, int from, int to) {
        if (to <= from || !lowerAlnum(s.charAt(from)) || !lowerAlnum(s.charAt(to - 1))) {
            return false;
        }
        for (int i = from + 1; i < to - 1; i++) {
            char c = s.charAt(i);
            if (!lowerAlnum(c) && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean lowerAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    private static boolean alnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@code ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]}: a label's name part or value. */
    private static boolean labelName(String s) {
        int n = s.length();
        if (n == 0 || !alnum(s.charAt(0)) || !alnum(s.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n - 1; i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}, at most 253 characters. */
    public static boolean isDns1123Subdomain(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        int from = 0;
        while (true) {
            int dot = s.indexOf('.', from);
            int to = dot < 0 ? s.length() : dot;
            if (!dns1123Label(s, from, to)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            from = dot + 1;
        }
    }

    /** Label (and annotation) keys: {@code [prefix/]name}, prefix a DNS-1123 subdomain, name at most 63 characters. */
    public static Optional<String> labelKeyProblem(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || !isDns1123Subdomain(prefix)) {
                return Optional.of("label key \"" + key + "\": prefix must be a lowercase DNS-1123 subdomain of at most 253 characters");
            }
        }
        if (name.isEmpty() || name.length() > 63 || !labelName(name)) {
            return Optional.of("label key \"" + key + "\": name part must be at most 63 characters, alphanumerics, '-', '_' or '.',"
                    + " starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }

    /** Label values: empty, or at most 63 alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric. */
    public static Optional<String> labelValueProblem(String value) {
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > 63 || !labelName(value)) {
            return Optional.of("label value \"" + value + "\" must be at most 63 characters, alphanumerics, '-', '_' or '.',"
                    + " starting and ending with an alphanumeric");
        }
        return Optional.empty();
    }

    private static final CronParser UNIX_CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Set<String> MACROS = Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final Pattern GO_DURATION = Pattern.compile("([0-9]+(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+");
    private static final Pattern TZ_PREFIX = Pattern.compile("^(CRON_TZ|TZ)=(\\S*)\\s+(.*)$");

    /** A problem with a schedule: an error, or (for TZ= prefixes without spec.timeZone) a warning. */
    public record CronProblem(boolean error, String message) {
    }

    /** Schedules repeat across documents (every CronJob of a project, every copy of it): judged once each. */
    private static final java.util.concurrent.ConcurrentMap<String, Optional<CronProblem>> CRON_SEEN =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Kubernetes' dialect: robfig/cron ParseStandard (5 fields, or a descriptor), as the API server checks it. */
    public static Optional<CronProblem> cron(String raw, boolean hasTimeZone) {
        String key = (hasTimeZone ? "1" : "0") + raw;
        Optional<CronProblem> seen = CRON_SEEN.get(key);
        if (seen != null) {
            return seen;
        }
        Optional<CronProblem> judged = judgeCron(raw, hasTimeZone);
        if (CRON_SEEN.size() < 10_000) {
            CRON_SEEN.put(key, judged);
        }
        return judged;
    }

    private static Optional<CronProblem> judgeCron(String raw, boolean hasTimeZone) {
        String s = raw.strip();
        if (s.isEmpty()) {
            return Optional.of(new CronProblem(true, "schedule is empty"));
        }
        Optional<CronProblem> warning = Optional.empty();
        Matcher tz = TZ_PREFIX.matcher(s);
        if (tz.matches()) {
            if (hasTimeZone) {
                return Optional.of(new CronProblem(true, "cannot use both spec.timeZone and " + tz.group(1)
                        + "= in the schedule; remove the prefix"));
            }
            if (!isIanaZone(tz.group(2))) {
                return Optional.of(new CronProblem(true, "unknown time zone \"" + tz.group(2) + "\" in schedule prefix"));
            }
            warning = Optional.of(new CronProblem(false, tz.group(1) + "= in the schedule is not officially supported"
                    + " by Kubernetes; use spec.timeZone: " + tz.group(2)));
            s = tz.group(3).strip();
        }
        if (s.startsWith("@")) {
            if (MACROS.contains(s)) {
                return warning;
            }
            if (s.startsWith("@every ")) {
                String d = s.substring("@every ".length()).strip();
                return GO_DURATION.matcher(d).matches() ? warning
                        : Optional.of(new CronProblem(true, "\"" + d + "\" is not a duration (e.g. 1h30m) in \"" + raw + "\""));
            }
            return Optional.of(new CronProblem(true, "unknown descriptor \"" + s + "\"; Kubernetes knows "
                    + String.join(" ", new TreeSet<>(MACROS)) + " and @every <duration>"));
        }
        String[] fields = s.split("\\s+");
        if (fields.length == 6 || fields.length == 7) {
            return Optional.of(new CronProblem(true, "\"" + raw + "\" has " + fields.length + " fields: looks like a"
                    + " Quartz/Spring expression with seconds; Kubernetes takes 5 fields: minute hour day-of-month"
                    + " month day-of-week (e.g. \"" + String.join(" ", java.util.Arrays.copyOfRange(fields, 1, 6)) + "\")"));
        }
        if (fields.length != 5) {
            return Optional.of(new CronProblem(true, "\"" + raw + "\" has " + fields.length + " field"
                    + (fields.length == 1 ? "" : "s") + "; Kubernetes takes 5: minute hour day-of-month month day-of-week"));
        }
        for (int i = 0; i < 5; i++) {
            if (fields[i].equals("?")) {
                fields[i] = "*"; // robfig/cron treats "?" as "*"
            }
        }
        Matcher dow = Pattern.compile("\\d+").matcher(fields[4]);
        while (dow.find()) {
            if (Integer.parseInt(dow.group()) > 6) {
                return Optional.of(new CronProblem(true, "day-of-week " + dow.group() + " in \"" + raw
                        + "\" is out of range: Kubernetes takes 0-6 (Sunday is 0) or SUN-SAT"));
            }
        }
        try {
            UNIX_CRON.parse(String.join(" ", fields)).validate();
        } catch (IllegalArgumentException e) {
            return Optional.of(new CronProblem(true, "\"" + raw + "\" is not a valid cron expression: "
                    + e.getMessage().replaceAll("\\s+", " ").strip()));
        }
        return warning;
    }

    private static final Set<String> ZONES = Set.copyOf(ZoneId.getAvailableZoneIds());

    public static Optional<String> timeZoneProblem(String zone) {
        if (zone.isEmpty()) {
            return Optional.of("timeZone must be omitted or a non-empty IANA time zone name");
        }
        if (zone.equalsIgnoreCase("Local")) {
            return Optional.of("\"Local\" is rejected by the API server: name an explicit IANA time zone such as \"Etc/UTC\"");
        }
        if (isIanaZone(zone)) {
            return Optional.empty();
        }
        String hint = nearestZone(zone).map(z -> "; did you mean \"" + z + "\"?").orElse("");
        if (zone.matches("^(UTC|GMT)?[+-]\\d.*")) {
            hint = "; offsets are not time zones: use a region such as \"Europe/Berlin\" or \"Etc/GMT-1\" (POSIX sign)";
        }
        return Optional.of("unknown time zone \"" + zone + "\": expected an IANA name like \"Europe/Berlin\" or \"UTC\"" + hint);
    }

    public static boolean isIanaZone(String zone) {
        return ZONES.contains(zone) && !zone.startsWith("SystemV/");
    }

    static Optional<String> nearestZone(String zone) {
        return Suggest.nearest(zone, ZONES.stream().filter(c -> !c.startsWith("SystemV/")).sorted().toList());
    }
}
