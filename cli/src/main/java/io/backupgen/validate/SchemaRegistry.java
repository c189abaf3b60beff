package io.backupgen.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One place schemas come from, as kubeconform's {@code -schema-location}: the built-in schemas, a
 * directory or an http(s) URL template. Returns the schema for a kind, empty when the location has
 * none ("not found" lets the chain try the next location), or throws {@link SchemaLoadException}
 * for a real error (unreadable file, server error, a schema that is not JSON), which stops the chain.
 */
public interface SchemaRegistry {

    /** kubeconform's file layout, appended to a location that does not end in ".json". */
    String DEFAULT_LAYOUT = "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";
    /** What kubeconform's "default" location means. */
    String DEFAULT_URL = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/" + DEFAULT_LAYOUT;

    Optional<JsonNode> load(String kind, String apiVersion, String kubernetesVersion, boolean strict)
            throws SchemaLoadException;

    /** A readable name for messages: the template, or "builtin". */
    String location();

    /** A failure that is not "not found". */
    final class SchemaLoadException extends Exception {
        private static final long serialVersionUID = 1L;

        public SchemaLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Builds the registry for one location string.
     *
     * @throws IllegalArgumentException for a template naming an unknown variable (a usage error)
     */
    static SchemaRegistry of(String location, Path cacheDir, Duration timeout) {
        String template = location.strip();
        if (template.equals(ValidatorOptions.BUILTIN_LOCATION)) {
            return BuiltInSchemas.INSTANCE;
        }
        if (template.equals(ValidatorOptions.DEFAULT_LOCATION)) {
            template = DEFAULT_URL;
        } else if (!template.endsWith(".json")) {
            template = (template.endsWith("/") ? template : template + "/") + DEFAULT_LAYOUT;
        }
        Template.check(template);
        String lower = template.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new HttpSchemas(template, cacheDir, timeout);
        }
        return new LocalSchemas(template);
    }

    /** Parses a schema's text; empty or malformed text is a broken schema, never "anything goes". */
    static JsonNode parse(String text, String where) throws SchemaLoadException {
        if (text.isBlank()) {
            throw new SchemaLoadException("the schema " + where + " is empty: a broken schema (remove or regenerate it)", null);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().replaceAll("\\s+", " ").strip();
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SchemaLoadException("the schema " + where + " is not valid JSON" + (line > 0 ? " (line " + line + ")" : "")
                    + ": " + m.replaceAll("\\s*\\(for [^)]*\\)", "") + ": a broken schema (remove or regenerate it)", null);
        }
        if (!(node instanceof ObjectNode)) {
            throw new SchemaLoadException("the schema " + where + " is not a JSON object: a broken schema (remove or"
                    + " regenerate it)", null);
        }
        return node;
    }

    /** The non-strict form of a strict schema: every {@code additionalProperties: false} removed (in place). */
    static JsonNode open(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            JsonNode ap = o.get("additionalProperties");
            if (ap != null && ap.isBoolean() && !ap.booleanValue()) {
                o.remove("additionalProperties");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                open(it.next().getValue());
            }
        } else if (schema != null && schema.isArray()) {
            schema.forEach(SchemaRegistry::open);
        }
        return schema;
    }

    /** The shared mapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }

    /** Expands kubeconform's Go-template variables; only {@code {{ .Name }}} forms are supported. */
    final class Template {
        private static final Pattern VAR = Pattern.compile("\\{\\{\\s*\\.(\\w+)\\s*}}");
        private static final java.util.Set<String> KNOWN = java.util.Set.of("NormalizedKubernetesVersion",
                "StrictSuffix", "ResourceKind", "KindSuffix", "Group", "ResourceAPIVersion");

        private Template() {
        }

        static void check(String template) {
            Matcher m = VAR.matcher(template);
            while (m.find()) {
                if (!KNOWN.contains(m.group(1))) {
                    throw new IllegalArgumentException("unknown variable {{ ." + m.group(1) + " }} in schema location '"
                            + template + "'; known: " + String.join(", ", new java.util.TreeSet<>(KNOWN)));
                }
            }
            String rest = VAR.matcher(template).replaceAll("");
            if (rest.contains("{{")) {
                throw new IllegalArgumentException("unsupported template syntax in schema location '" + template
                        + "': only {{ .Variable }} is supported");
            }
        }

        /** The same values kubeconform computes (pkg/registry/registry.go schemaPath). */
        public static String expand(String template, String kind, String apiVersion, String kubernetesVersion,
                                    boolean strict) {
            String normalized = kubernetesVersion.equals("master") ? "master" : "v" + kubernetesVersion;
            String[] groupParts = apiVersion.split("/", -1);
            String[] versionParts = groupParts[0].split("\\.", -1);
            String kindSuffix = "-" + versionParts[0].toLowerCase(Locale.ROOT);
            if (groupParts.length > 1) {
                kindSuffix += "-" + groupParts[1].toLowerCase(Locale.ROOT);
            }
            Map<String, String> vars = Map.of(
                    "NormalizedKubernetesVersion", normalized,
                    "StrictSuffix", strict ? "-strict" : "",
                    "ResourceKind", kind.toLowerCase(Locale.ROOT),
                    "KindSuffix", kindSuffix,
                    "Group", groupParts[0],
                    "ResourceAPIVersion", groupParts[groupParts.length - 1]);
            return VAR.matcher(template).replaceAll(m -> Matcher.quoteReplacement(vars.get(m.group(1))));
        }
    }
}
