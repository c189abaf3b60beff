package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resource quantities (the schemas accept any string or number): the grammar, not negative, and
 * requests not above limits.
 */
final class QuantityRules {
    static final Pattern QUANTITY = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

    private QuantityRules() {
    }

    static void check(Document doc, RuleContext ctx, Rule.Sink sink) {
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((path, c) -> resources(c.path("resources"), () -> path + ".resources", sink));
            Nodes.forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                JsonNode size = v.path("emptyDir").get("sizeLimit");
                if (size != null && !size.isNull()) {
                    quantity(size, () -> path + ".emptyDir.sizeLimit", sink);
                }
            });
        }
        if ("PersistentVolumeClaim".equals(doc.kind()) && doc.apiVersion().equals("v1")) {
            resources(doc.body().path("spec").path("resources"), () -> "spec.resources", sink);
        }
    }

    /** Paths are built only for a finding: one for every quantity of every container showed in profiles. */
    private static void resources(JsonNode res, Supplier<String> path, Rule.Sink sink) {
        Map<String, BigDecimal> requests = new TreeMap<>();
        Map<String, BigDecimal> limits = new TreeMap<>();
        for (String kind : List.of("requests", "limits")) {
            JsonNode m = res.path(kind);
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Optional<BigDecimal> v = quantity(e.getValue(), () -> FieldPath.field(path.get() + "." + kind, e.getKey()), sink);
                v.ifPresent(q -> (kind.equals("requests") ? requests : limits).put(e.getKey(), q));
            }
        }
        requests.forEach((name, req) -> {
            BigDecimal lim = limits.get(name);
            if (lim != null && req.compareTo(lim) > 0) {
                sink.error(FieldPath.field(path.get() + ".requests", name), "request " + res.path("requests").get(name).asText()
                        + " is greater than the limit " + res.path("limits").get(name).asText()
                        + " (the API server requires requests <= limits)");
            }
        });
    }

    private static Optional<BigDecimal> quantity(JsonNode node, Supplier<String> path, Rule.Sink sink) {
        if (!node.isTextual() && !node.isNumber()) {
            return Optional.empty(); // wrong type: the schema's to report
        }
        String q = node.asText();
        Optional<BigDecimal> v = parseQuantity(q);
        if (v.isEmpty()) {
            sink.error(path.get(), "\"" + q + "\" is not a Kubernetes quantity (e.g. 500m, 256Mi, 10Gi, 1.5)");
        } else if (v.get().signum() < 0) {
            sink.error(path.get(), "\"" + q + "\" must be greater than or equal to 0");
        }
        return v;
    }

    /** The value of a quantity in base units, or empty when it is not one. */
    static Optional<BigDecimal> parseQuantity(String q) {
        Matcher m = QUANTITY.matcher(q);
        if (!m.matches()) {
            return Optional.empty();
        }
        String suffix = m.group(3) == null ? "" : m.group(3);
        String number = q.substring(0, q.length() - suffix.length());
        BigDecimal n = new BigDecimal(number.endsWith(".") ? number + "0" : number.startsWith(".") ? "0" + number
                : number.startsWith("+.") || number.startsWith("-.") ? number.charAt(0) + "0" + number.substring(1) : number);
        if (suffix.startsWith("e") || suffix.startsWith("E")) {
            return Optional.of(n.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1))));
        }
        BigDecimal factor = switch (suffix) {
            case "" -> BigDecimal.ONE;
            case "n" -> new BigDecimal("1e-9");
            case "u" -> new BigDecimal("1e-6");
            case "m" -> new BigDecimal("1e-3");
            case "k" -> new BigDecimal("1e3");
            case "M" -> new BigDecimal("1e6");
            case "G" -> new BigDecimal("1e9");
            case "T" -> new BigDecimal("1e12");
            case "P" -> new BigDecimal("1e15");
            case "E" -> new BigDecimal("1e18");
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            case "Pi" -> BigDecimal.valueOf(1L << 50);
            case "Ei" -> BigDecimal.valueOf(1L << 60);
            default -> throw new IllegalStateException(suffix);
        };
        return Optional.of(n.multiply(factor));
    }
}
