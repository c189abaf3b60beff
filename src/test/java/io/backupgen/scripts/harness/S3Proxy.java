package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real S3 API for the off-site tests: s3proxy ({@code org.gaul:s3proxy}, its jar-with-dependencies copied
 * into {@code target/s3proxy/} by the build) as its own java process on a free loopback port, with the
 * filesystem backend in a temp directory, so a test can read exactly what the store holds. One per test
 * class; {@link #close} stops it and removes its data.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String ACCESS_KEY = "backupgen-test-access";
    public static final String SECRET_KEY = "backupgen-test-secret";

    private final Process process;
    private final Path dir;
    private final int port;
    private boolean running = true;

    private S3Proxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    public static S3Proxy start() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (mvn test), whose"
                    + " generate-test-resources phase copies org.gaul:s3proxy:jar-with-dependencies there");
        }
        Tools.rclone();
        try {
            Path dir = Files.createTempDirectory("backupgen-s3proxy-");
            Files.createDirectories(dir.resolve("data"));
            int port = freePort();
            Path conf = dir.resolve("s3proxy.conf");
            Files.writeString(conf, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar.toString(), "--properties",
                    conf.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .start();
            S3Proxy s3 = new S3Proxy(p, dir, port);
            s3.awaitListening(Duration.ofSeconds(60));
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on port " + port + " within " + timeout);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates bucket {@code name} with the real client (a plain directory is not a bucket to s3proxy). */
    public void createBucket(String name) {
        Proc.Result r = rclone(List.of("mkdir", "store:" + name), ACCESS_KEY, SECRET_KEY);
        if (r.exit() != 0) {
            throw new IllegalStateException("cannot create bucket " + name + ": " + r);
        }
    }

    /** rclone against this store with remote "store" configured from the environment, as the scripts do. */
    public Proc.Result rclone(List<String> args, String accessKey, String secretKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", dir.toString());
        env.put("RCLONE_CONFIG", "/dev/null");
        env.put("RCLONE_CONFIG_STORE_TYPE", "s3");
        env.put("RCLONE_CONFIG_STORE_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_STORE_ENV_AUTH", "true");
        env.put("RCLONE_CONFIG_STORE_ENDPOINT", endpoint());
        env.put("RCLONE_CONFIG_STORE_REGION", "us-east-1");
        env.put("RCLONE_CONFIG_STORE_FORCE_PATH_STYLE", "true");
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        List<String> cmd = new ArrayList<>();
        cmd.add(Tools.rclone().toString());
        cmd.addAll(args);
        return Proc.run(cmd, env, null, Duration.ofSeconds(60));
    }

    /** Where the filesystem backend keeps {@code bucket}'s objects (one file per object, by key). */
    public Path bucketDir(String bucket) {
        return dir.resolve("data").resolve(bucket);
    }

    /**
     * Every object of {@code bucket} under {@code prefix}: key relative to the prefix -> its stored bytes.
     * Tests also poll this while an upload runs, when s3proxy's temporary files come and go under the
     * walk: a file gone before it is read was no object, and a folder gone mid-walk means walking again.
     */
    public Map<String, byte[]> objects(String bucket, String prefix) {
        Path root = bucketDir(bucket).resolve(prefix);
        for (int attempt = 1; ; attempt++) {
            Map<String, byte[]> out = new java.util.TreeMap<>();
            if (!Files.isDirectory(root)) {
                return out;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    try {
                        out.put(root.relativize(f).toString(), Files.readAllBytes(f));
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // removed (or renamed into place) since the listing: not an object of this snapshot
                    }
                }
                return out;
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
                    throw e;
                }
            } catch (IOException e) {
                if (!(e instanceof java.nio.file.NoSuchFileException) || attempt == 5) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** Stops the store (a "store down" fault); {@link #close} after it is fine. */
    public void stop() {
        if (running) {
            process.destroy();
            try {
                process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
            running = false;
        }
    }

    @Override
    public void close() {
        stop();
        Proc.run("rm", "-rf", dir.toString());
    }
}
