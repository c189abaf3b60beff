package io.backupgen.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --schema-location}: a directory or an http(s) URL template, as in kubeconform. Returns
 * the schema text for a kind, empty when the location has none ("not found" lets the chain try the
 * next location), or throws {@link SchemaLoadException} for a real error (unreadable file, server
 * error), which stops the chain.
 */
public interface SchemaRegistry {

    /** kubeconform's file layout, appended to a location that does not end in ".json". */
    String DEFAULT_LAYOUT = "{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json";
    /** What kubeconform's "default" location means. */
    String DEFAULT_URL = "https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/" + DEFAULT_LAYOUT;

    Optional<String> load(String kind, String apiVersion, String kubernetesVersion) throws SchemaLoadException;

    /** A readable name for messages: the template. */
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
        if (template.equals("default")) {
            template = DEFAULT_URL;
        } else if (!template.endsWith(".json")) {
            template = (template.endsWith("/") ? template : template + "/") + DEFAULT_LAYOUT;
        }
        Template.check(template);
        String lower = template.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            return new Http(template, cacheDir, timeout);
        }
        return new Local(template);
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
        public static String expand(String template, String kind, String apiVersion, String kubernetesVersion) {
            String normalized = kubernetesVersion.equals("master") ? "master" : "v" + kubernetesVersion;
            String[] groupParts = apiVersion.split("/", -1);
            String[] versionParts = groupParts[0].split("\\.", -1);
            String kindSuffix = "-" + versionParts[0].toLowerCase(Locale.ROOT);
            if (groupParts.length > 1) {
                kindSuffix += "-" + groupParts[1].toLowerCase(Locale.ROOT);
            }
            Map<String, String> vars = Map.of(
                    "NormalizedKubernetesVersion", normalized,
                    "StrictSuffix", "-strict",
                    "ResourceKind", kind.toLowerCase(Locale.ROOT),
                    "KindSuffix", kindSuffix,
                    "Group", groupParts[0],
                    "ResourceAPIVersion", groupParts[groupParts.length - 1]);
            return VAR.matcher(template).replaceAll(m -> Matcher.quoteReplacement(vars.get(m.group(1))));
        }
    }

    /** A directory layout on disk. */
    record Local(String location) implements SchemaRegistry {
        @Override
        public Optional<String> load(String kind, String apiVersion, String kubernetesVersion) throws SchemaLoadException {
            String expanded = Template.expand(location, kind, apiVersion, kubernetesVersion);
            Path p;
            try {
                p = Path.of(expanded);
            } catch (java.nio.file.InvalidPathException e) {
                throw new SchemaLoadException("schema location " + location + " gives an invalid path: " + expanded, e);
            }
            try {
                return Optional.of(Files.readString(p, StandardCharsets.UTF_8));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new SchemaLoadException("reading schema " + p + ": " + e, e);
            }
        }
    }

    /** An http(s) URL template; responses are kept on disk under the sha256 of the URL. */
    record Http(String location, Path cacheDir, Duration timeout) implements SchemaRegistry {
        private static final HttpClient CLIENT = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();

        @Override
        public Optional<String> load(String kind, String apiVersion, String kubernetesVersion) throws SchemaLoadException {
            String url = Template.expand(location, kind, apiVersion, kubernetesVersion);
            Path cached = cacheDir == null ? null : cacheDir.resolve(sha256(url) + ".json");
            if (cached != null && Files.isRegularFile(cached)) {
                try {
                    return Optional.of(Files.readString(cached, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new SchemaLoadException("reading cached schema " + cached + " for " + url + ": " + e, e);
                }
            }
            HttpResponse<String> response;
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
                response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                throw new SchemaLoadException("downloading schema " + url + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaLoadException("downloading schema " + url + ": interrupted", e);
            }
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new SchemaLoadException("downloading schema " + url + ": HTTP " + response.statusCode(), null);
            }
            if (cached != null) {
                write(cached, response.body());
            }
            return Optional.of(response.body());
        }

        /** Atomic write so a concurrent run never reads half a schema; a cache we cannot write is not fatal. */
        private static void write(Path target, String body) {
            try {
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
                Files.writeString(tmp, body, StandardCharsets.UTF_8);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | UncheckedIOException e) {
                // The schema was downloaded and will be used; only the next run pays the download again.
            }
        }

        static String sha256(String s) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
