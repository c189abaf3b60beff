package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/** An http(s) URL template; responses are kept on disk under the sha256 of the URL, as kubeconform does. */
record HttpSchemas(String location, Path cacheDir, Duration timeout) implements SchemaRegistry {

    @Override
    public Optional<JsonNode> load(String kind, String apiVersion, String kubernetesVersion, boolean strict)
            throws SchemaLoadException {
        String url = Template.expand(location, kind, apiVersion, kubernetesVersion, strict);
        Path cached = cacheDir == null ? null : cacheDir.resolve(sha256(url) + ".json");
        if (cached != null && Files.isRegularFile(cached)) {
            try {
                return Optional.of(SchemaRegistry.parse(Files.readString(cached, StandardCharsets.UTF_8),
                        cached + " (cached from " + url + ")"));
            } catch (IOException e) {
                throw new SchemaLoadException("cannot read cached schema " + cached + " for " + url + ": " + e.getMessage(), e);
            }
        }
        HttpResponse<String> response;
        try {
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(timeout)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new SchemaLoadException("cannot download schema " + url + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaLoadException("cannot download schema " + url + ": interrupted", e);
        }
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new SchemaLoadException("cannot download schema " + url + ": the server answered HTTP "
                    + response.statusCode(), null);
        }
        JsonNode schema = SchemaRegistry.parse(response.body(), "downloaded from " + url);
        if (cached != null) {
            write(cached, response.body());
        }
        return Optional.of(schema);
    }

    /** The cause in words: what failed, not a Java class name. */
    private String cause(Exception e) {
        if (e instanceof HttpConnectTimeoutException || e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toSeconds() + " s (--http-timeout)";
        }
        if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
            return "connection refused (is the host reachable from here? use a local --schema-location offline)";
        }
        if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
            return "unknown host (no network or DNS? the built-in schemas need neither)";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "I/O error" : m;
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
