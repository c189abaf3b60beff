package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Prometheus Pushgateway (Debian package {@code prometheus-pushgateway}) on a free loopback
 * port, without persistence; stopped by {@link #close()}.
 */
public final class Pushgateway implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Pushgateway(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Pushgateway start() {
        Path bin = io.backupgen.testing.Tools.require("prometheus-pushgateway", "prometheus-pushgateway");
        try {
            int port = freePort();
            Path log = Files.createTempFile("pushgateway-", ".log");
            Process p = new ProcessBuilder(bin.toString(), "--web.listen-address=127.0.0.1:" + port,
                    "--persistence.file=").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Pushgateway g = new Pushgateway(p, port, log);
            g.awaitReady();
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL the scripts push to. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What Prometheus would scrape: {@code /metrics}. */
    public String metrics() {
        return get("/metrics");
    }

    private void awaitReady() {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pushgateway exited: " + read(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100); // polling for readiness, not a fixed wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("pushgateway not ready on " + url() + " in 30 s: " + read(log));
    }

    private String get(String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port nothing listens on (for "the Pushgateway is down"). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file; nothing to do
        }
    }
}
