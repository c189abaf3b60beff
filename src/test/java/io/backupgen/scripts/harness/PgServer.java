package io.backupgen.scripts.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throw-away PostgreSQL cluster (Debian's server binaries) on a free loopback port. Started as the
 * {@code postgres} OS user when the harness runs as root (initdb refuses root). Clients authenticate over
 * TCP with SCRAM passwords, exactly as a pod would; the harness itself uses the superuser over the
 * cluster's private unix socket.
 */
public final class PgServer implements AutoCloseable {

    private final Path bin;
    private final Path base;
    private final Path data;
    private final int port;
    private final boolean root;

    private PgServer(Path bin, Path base, int port, boolean root) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.port = port;
        this.root = root;
    }

    /** initdb + start; the caller closes it (stops the server and deletes the cluster). */
    public static PgServer start() {
        Path bin = Tools.pgBin();
        boolean root = Tools.isRootCached();
        try {
            Path base = Files.createTempDirectory("backupgen-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (root) {
                Proc.run("chown", "postgres:postgres", base.toString()).ok();
            }
            PgServer pg = new PgServer(bin, base, freePort(), root);
            pg.asServerUser(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "-U", "postgres",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C",
                    "--no-sync", "--no-instructions")).ok();
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** pg_ctl start and wait until it accepts connections. */
    public void startServer() {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                base.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-c port=" + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + data
                        + " -c fsync=off -c full_page_writes=off", "start")).ok();
    }

    /** Clean shutdown (the "server down" fault). */
    public void stopServer() {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"))
                .ok();
    }

    /** Immediate shutdown: every backend is killed at once, like a crash (the "killed mid-dump" fault). */
    public void killServer() {
        asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                "stop")).ok();
    }

    public boolean isRunning() {
        return asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status")).exit() == 0;
    }

    /** Runs SQL as the superuser in db; returns unaligned, tuples-only output. */
    public String sql(String db, String sql) {
        return psql(db, sql).ok().stdout().strip();
    }

    public Proc.Result psql(String db, String sql) {
        return Proc.run(psqlCommand(db), null, sql, Duration.ofSeconds(60));
    }

    /** A superuser psql command line reading SQL from stdin (for sessions the test keeps open). */
    public List<String> psqlCommand(String db) {
        return List.of(bin.resolve("psql").toString(), "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                data.toString(), "-p", Integer.toString(port), "-U", "postgres", "-d", db);
    }

    /**
     * A fingerprint of a database's content: for every table (all user schemas) an md5 over its rows in
     * a stable order, and for every sequence its last_value/is_called.
     */
    public Map<String, String> fingerprint(String db) {
        Map<String, String> fp = new LinkedHashMap<>();
        String tables = sql(db, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname <> 'information_schema'"
                + " AND n.nspname !~ '^pg_' ORDER BY 1");
        for (String t : lines(tables)) {
            fp.put("table " + t, sql(db, "SELECT count(*) || ':' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY"
                    + " x::text), '')) FROM " + t + " x"));
        }
        String seqs = sql(db, "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences ORDER BY 1");
        for (String s : lines(seqs)) {
            fp.put("sequence " + s, sql(db, "SELECT last_value || '/' || is_called FROM " + s));
        }
        return fp;
    }

    /** Number of user tables, sequences, views, functions and non-public schemas in db. */
    public int userObjects(String db) {
        return Integer.parseInt(sql(db, "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON"
                + " n.oid = c.relnamespace WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_')"
                + " + (SELECT count(*) FROM pg_namespace WHERE nspname NOT IN ('information_schema','public')"
                + " AND nspname !~ '^pg_')"));
    }

    public boolean databaseExists(String db) {
        return "1".equals(sql("postgres", "SELECT 1 FROM pg_database WHERE datname = '" + db.replace("'", "''") + "'"));
    }

    private static List<String> lines(String s) {
        List<String> out = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private Proc.Result asServerUser(List<String> cmd) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        return Proc.run(full, null, null, Duration.ofSeconds(90));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            if (isRunning()) {
                asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                        "-w", "stop"));
            }
        } finally {
            Proc.run("rm", "-rf", base.toString());
        }
    }
}
