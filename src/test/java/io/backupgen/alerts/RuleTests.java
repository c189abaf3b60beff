package io.backupgen.alerts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.testing.Promtool;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one promtool unit-test group: input series sampled at a fixed interval from an origin
 * instant (promtool's time 0), and alert expectations at chosen instants. Expected annotations are
 * the model's templates expanded by {@link #expand}, an independent re-implementation of the few
 * Prometheus template functions the rules use, so a template that Prometheus renders differently fails.
 */
final class RuleTests {
    private final Instant origin;
    private final Duration interval;
    private final long steps;
    private final ArrayNode series = Promtool.array();
    private final ArrayNode alertTests = Promtool.array();
    private final List<Alerts.Rule> rules;

    RuleTests(Instant origin, Instant end, Duration interval, List<Alerts.Rule> rules) {
        this.origin = origin;
        this.interval = interval;
        this.steps = Duration.between(origin, end).dividedBy(interval);
        this.rules = rules;
    }

    long seconds(Instant t) {
        return Duration.between(origin, t).toSeconds();
    }

    /** A series whose value at each step is {@code value.apply(instant)}; null means no sample (not scraped). */
    RuleTests series(String selector, java.util.function.Function<Instant, Double> value) {
        List<String> parts = new ArrayList<>();
        String prev = null;
        int run = 0;
        for (long i = 0; i <= steps; i++) {
            Double v = value.apply(origin.plus(interval.multipliedBy(i)));
            String s = v == null ? "_" : BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            if (s.equals(prev)) {
                run++;
            } else {
                flush(parts, prev, run);
                prev = s;
                run = 1;
            }
        }
        flush(parts, prev, run);
        ObjectNode o = series.addObject();
        o.put("series", selector);
        o.put("values", String.join(" ", parts));
        return this;
    }

    private static void flush(List<String> parts, String value, int run) {
        if (value == null) {
            return;
        }
        if (value.equals("_")) {
            parts.add(run == 1 ? "_" : "_x" + run);
        } else {
            parts.add(run == 1 ? value : value + "+0x" + (run - 1));
        }
    }

    /** The alert must not be firing at {@code t}. */
    RuleTests silent(String alert, Instant t) {
        ObjectNode o = alertTests.addObject();
        o.put("eval_time", seconds(t) + "s");
        o.put("alertname", alert);
        o.putArray("exp_alerts");
        return this;
    }

    /**
     * The alert must be firing at {@code t} exactly once, with the rule's labels plus {@code seriesLabels},
     * and its annotations expanded with those labels and {@code value}.
     */
    RuleTests firing(String alert, String tier, Instant t, Map<String, String> seriesLabels, double value) {
        String object = seriesLabels.getOrDefault("cronjob", seriesLabels.getOrDefault("owner_name", ""));
        List<Alerts.Rule> candidates = rules.stream().filter(r -> r.alert().equals(alert))
                .filter(r -> tier.equals(r.labels().getOrDefault("tier", "")))
                .filter(r -> object.isEmpty() || r.expr().contains("\"" + object + "\"")).toList();
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("not one rule " + alert + " for tier '" + tier + "' and '" + object
                    + "': " + candidates);
        }
        Alerts.Rule rule = candidates.get(0);
        ObjectNode o = alertTests.addObject();
        o.put("eval_time", seconds(t) + "s");
        o.put("alertname", alert);
        ObjectNode exp = o.putArray("exp_alerts").addObject();
        Map<String, String> labels = new TreeMap<>(seriesLabels);
        labels.putAll(rule.labels());
        ObjectNode l = exp.putObject("exp_labels");
        labels.forEach(l::put);
        ObjectNode a = exp.putObject("exp_annotations");
        rule.annotations().forEach((k, v) -> a.put(k, expand(v, seriesLabels, value)));
        return this;
    }

    /** One entry of a promtool test file's {@code tests:}. */
    ObjectNode group() {
        ObjectNode g = Promtool.object();
        g.put("interval", interval.toSeconds() + "s");
        g.set("input_series", series);
        g.set("alert_rule_test", alertTests);
        return g;
    }

    private static final Pattern ACTION = Pattern.compile("\\{\\{ (\\$labels\\.(\\w+)|(\\$value|[0-9]+)(?: \\| (\\w+))?) }}");

    /** Expands {@code {{ $labels.x }}}, {@code {{ $value | f }}} and {@code {{ 123 | f }}} as Prometheus does. */
    static String expand(String template, Map<String, String> labels, double value) {
        Matcher m = ACTION.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String out;
            if (m.group(2) != null) {
                out = labels.getOrDefault(m.group(2), "");
            } else {
                double v = m.group(3).equals("$value") ? value : Double.parseDouble(m.group(3));
                String f = m.group(4);
                out = f == null ? g4(v) : switch (f) {
                    case "humanizeDuration" -> humanizeDuration(v);
                    case "humanize" -> humanize(v, 1000, new String[] {"", "k", "M", "G", "T", "P", "E"});
                    case "humanize1024" -> humanize(v, 1024, new String[] {"", "ki", "Mi", "Gi", "Ti", "Pi", "Ei"});
                    default -> throw new IllegalArgumentException("template function " + f + " not emulated");
                };
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(out));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Prometheus' humanizeDuration for values of a second or more. */
    static String humanizeDuration(double v) {
        long d = (long) v;
        long s = d % 60;
        long min = d / 60 % 60;
        long h = d / 3600 % 24;
        long days = d / 86400;
        if (days != 0) {
            return days + "d " + h + "h " + min + "m " + s + "s";
        }
        if (h != 0) {
            return h + "h " + min + "m " + s + "s";
        }
        if (min != 0) {
            return min + "m " + s + "s";
        }
        return g4(v) + "s";
    }

    static String humanize(double v, double base, String[] prefixes) {
        int i = 0;
        while (Math.abs(v) >= base && i < prefixes.length - 1) {
            v /= base;
            i++;
        }
        return g4(v) + prefixes[i];
    }

    /** Go's %.4g for values that need no exponent. */
    static String g4(double v) {
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
