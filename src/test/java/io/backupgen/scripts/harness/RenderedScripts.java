package io.backupgen.scripts.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Profiles;
import io.backupgen.spec.SpecLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THE seam between the script tests and the render pipeline: everything a test runs comes from here, as
 * Kubernetes documents (ConfigMaps, CronJobs, Job), never from a copy of a script kept in the tests.
 *
 * <p>{@link #render(Target)} writes a spec for the test server, renders it with the real pipeline
 * ({@link RenderPipeline#objectStream}) and reads the scripts from data keys of ConfigMap
 * {@code <slug>-backup-scripts}, each container's env from its {@code env} (literal values,
 * {@code configMapKeyRef} against the rendered ConfigMaps, {@code secretKeyRef} against the Secret values the
 * test supplies) and checks its command is {@code ["/bin/sh", "/scripts/<key>"]}.
 *
 * <p>Transitional: a workload or script key the renderer does not emit yet (the restore Job and the
 * verification CronJob are modelled on main but have no templates yet) falls back to a stand-in document
 * built to the same contract; {@link #standIns()} names them, and the fallback disappears by itself once the
 * renderer emits the real ones.
 */
public final class RenderedScripts {

    /** Script ConfigMap keys, in the order they are installed. */
    public static final List<String> SCRIPT_KEYS = List.of("backup.sh", "restore.sh", "verify.sh");

    /**
     * What a test renders with: the database it points at and the spec-level options (keys: format,
     * compression, globals, noRolePasswords, keepDaily, keepWeekly, keepMonthly).
     */
    public record Target(String slug, String host, int port, String database, Map<String, String> options) {
        String opt(String key, String dflt) {
            return options.getOrDefault(key, dflt);
        }
    }

    /** The workloads that run a script, and the name of the document that holds each. */
    public enum Workload {
        BACKUP_DAILY("CronJob", "-backup-daily"),
        BACKUP_WEEKLY("CronJob", "-backup-weekly"),
        BACKUP_MONTHLY("CronJob", "-backup-monthly"),
        RESTORE("Job", "-backup-restore"),
        VERIFY("CronJob", "-backup-verify");

        final String kind;
        final String suffix;

        Workload(String kind, String suffix) {
            this.kind = kind;
            this.suffix = suffix;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String slug;
    private final List<JsonNode> documents;
    private final List<String> standIns;

    public RenderedScripts(String slug, List<JsonNode> documents, List<String> standIns) {
        this.slug = slug;
        this.documents = List.copyOf(documents);
        this.standIns = List.copyOf(standIns);
    }

    // ------------------------------------------------------------------------------------------------
    // The seam.

    public static RenderedScripts render(Target target) {
        String spec = """
                apiVersion: %s
                kind: %s
                project:
                  name: %s
                database:
                  host: "%s"
                  port: %d
                  name: %s
                  postgresVersion: 15
                backup:
                  format: %s
                  compressionLevel: %s
                  globals: %s
                  noRolePasswords: %s
                tiers:
                  daily: {keep: %s}
                  weekly: {keep: %s}
                  monthly: {keep: %s}
                """.formatted(SpecLoader.API_VERSION, SpecLoader.KIND, target.slug(), target.host(), target.port(),
                target.database(), target.opt("format", "plain"), target.opt("compression", "6"),
                target.opt("globals", "false"), target.opt("noRolePasswords", "false"), target.opt("keepDaily", "7"),
                target.opt("keepWeekly", "4"), target.opt("keepMonthly", "12"));
        LoadedSpec loaded = new SpecLoader(new Profiles(null)).load("scripts-test.yaml", spec);
        List<JsonNode> rendered = parse(RenderPipeline.objectStream(loaded));
        List<JsonNode> docs = new ArrayList<>(rendered);
        List<String> standIns = new ArrayList<>();
        RenderedScripts real = new RenderedScripts(target.slug(), rendered, List.of());
        RenderedScripts contract = standIn(target);
        ObjectNode scripts = (ObjectNode) real.document("ConfigMap", target.slug() + "-backup-scripts").get("data");
        for (String key : SCRIPT_KEYS) {
            if (!scripts.has(key)) {
                scripts.put(key, new String(contract.script(key), StandardCharsets.UTF_8));
                standIns.add("ConfigMap data key " + key);
            }
        }
        for (Workload w : Workload.values()) {
            if (real.find(w.kind, target.slug() + w.suffix) == null) {
                docs.add(contract.document(w.kind, target.slug() + w.suffix));
                standIns.add(w.kind + "/" + target.slug() + w.suffix);
            }
        }
        return new RenderedScripts(target.slug(), docs, standIns);
    }

    /** What {@link #render} had to take from the stand-in because the renderer does not emit it yet. */
    public List<String> standIns() {
        return standIns;
    }

    // ------------------------------------------------------------------------------------------------
    // Reading the documents (works the same on real rendered output).

    /** The bytes of one script, as the ConfigMap {@code <slug>-backup-scripts} ships it. */
    public byte[] script(String key) {
        JsonNode data = document("ConfigMap", slug + "-backup-scripts").path("data");
        JsonNode v = data.get(key);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("ConfigMap " + slug + "-backup-scripts has no data key " + key);
        }
        return v.asText().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes every script key into dir, like the read-only /scripts mount of the pod. */
    public Path installScripts(Path dir) {
        try {
            Files.createDirectories(dir);
            for (String key : SCRIPT_KEYS) {
                Path f = dir.resolve(key);
                Files.write(f, script(key));
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script key a workload's container runs; its command must be ["/bin/sh", "/scripts/KEY"]. */
    public String scriptOf(Workload w) {
        JsonNode cmd = container(w).path("command");
        if (cmd.size() != 2 || !"/bin/sh".equals(cmd.get(0).asText()) || !cmd.get(1).asText().startsWith("/scripts/")) {
            throw new IllegalStateException(w + ": container command is " + cmd + ", expected [/bin/sh, /scripts/<key>]");
        }
        return cmd.get(1).asText().substring("/scripts/".length());
    }

    /**
     * The environment the workload's container gets: literal values, configMapKeyRef resolved against the
     * rendered ConfigMaps, secretKeyRef against {@code secrets} (name -> data; Secrets are not rendered).
     */
    public Map<String, String> env(Workload w, Map<String, Map<String, String>> secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container(w).path("env")) {
            String name = e.path("name").asText();
            if (e.has("value")) {
                env.put(name, e.get("value").asText());
                continue;
            }
            JsonNode from = e.path("valueFrom");
            if (from.has("configMapKeyRef")) {
                JsonNode ref = from.get("configMapKeyRef");
                JsonNode v = document("ConfigMap", ref.path("name").asText()).path("data").get(ref.path("key").asText());
                if (v == null) {
                    throw new IllegalStateException(w + " env " + name + ": ConfigMap " + ref + " has no such key");
                }
                env.put(name, v.asText());
            } else if (from.has("secretKeyRef")) {
                JsonNode ref = from.get("secretKeyRef");
                Map<String, String> secret = secrets.get(ref.path("name").asText());
                String v = secret == null ? null : secret.get(ref.path("key").asText());
                if (v == null) {
                    throw new IllegalStateException(w + " env " + name + ": test supplies no Secret value for " + ref);
                }
                env.put(name, v);
            } else {
                throw new IllegalStateException(w + " env " + name + ": unsupported env source " + e);
            }
        }
        return env;
    }

    /** The uid the workload's pod runs as (pod securityContext.runAsUser), or the alpine postgres uid 70. */
    public int runAsUser(Workload w) {
        JsonNode uid = podSpec(w).path("securityContext").path("runAsUser");
        return uid.isInt() ? uid.asInt() : Tools.POD_UID;
    }

    private JsonNode podSpec(Workload w) {
        JsonNode doc = document(w.kind, slug + w.suffix);
        return "CronJob".equals(w.kind)
                ? doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                : doc.path("spec").path("template").path("spec");
    }

    private JsonNode container(Workload w) {
        JsonNode doc = document(w.kind, slug + w.suffix);
        JsonNode podSpec = "CronJob".equals(w.kind)
                ? doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                : doc.path("spec").path("template").path("spec");
        JsonNode containers = podSpec.path("containers");
        if (containers.size() != 1) {
            throw new IllegalStateException(w + ": expected one container, found " + containers.size());
        }
        return containers.get(0);
    }

    private JsonNode document(String kind, String name) {
        JsonNode d = find(kind, name);
        if (d == null) {
            throw new IllegalStateException("rendered output has no " + kind + "/" + name);
        }
        return d;
    }

    private JsonNode find(String kind, String name) {
        for (JsonNode d : documents) {
            if (kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText())) {
                return d;
            }
        }
        return null;
    }

    private static List<JsonNode> parse(String yaml) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("rendered manifests do not parse:\n" + yaml, e);
        }
        return docs;
    }

    // ------------------------------------------------------------------------------------------------
    // Stand-in documents to the agreed contract, for what the renderer does not emit yet.

    private static RenderedScripts standIn(Target t) {
        String s = t.slug();
        String pgEnv = """
                        - {name: PGHOST, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: POSTGRES_HOST}}}
                        - {name: PGPORT, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: POSTGRES_PORT}}}
                        - {name: PGDATABASE, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: POSTGRES_DB}}}
                        - {name: PGUSER, valueFrom: {secretKeyRef: {name: %1$s-db-credentials, key: username}}}
                        - {name: PGPASSWORD, valueFrom: {secretKeyRef: {name: %1$s-db-credentials, key: password}}}
                        - {name: BACKUP_DIR, value: /backups}
                """.formatted(s);
        String dumpEnv = """
                        - {name: BACKUP_FORMAT, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: BACKUP_FORMAT}}}
                        - {name: BACKUP_COMPRESSION, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: BACKUP_COMPRESSION}}}
                        - {name: BACKUP_GLOBALS, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: BACKUP_GLOBALS}}}
                        - {name: BACKUP_NO_ROLE_PASSWORDS, valueFrom: {configMapKeyRef: {name: %1$s-backup-config, key: BACKUP_NO_ROLE_PASSWORDS}}}
                """.formatted(s);
        StringBuilder y = new StringBuilder();
        y.append("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s-backup-scripts}
                data: {}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s-backup-config}
                data:
                  POSTGRES_HOST: "%s"
                  POSTGRES_PORT: "%d"
                  POSTGRES_DB: "%s"
                  BACKUP_RETENTION_DAILY: "%s"
                  BACKUP_RETENTION_WEEKLY: "%s"
                  BACKUP_RETENTION_MONTHLY: "%s"
                  BACKUP_FORMAT: "%s"
                  BACKUP_COMPRESSION: "%s"
                  BACKUP_GLOBALS: "%s"
                  BACKUP_NO_ROLE_PASSWORDS: "%s"
                """.formatted(s, s, t.host(), t.port(), t.database(), t.opt("keepDaily", "7"), t.opt("keepWeekly", "4"),
                t.opt("keepMonthly", "12"), t.opt("format", "plain"), t.opt("compression", "6"),
                t.opt("globals", "false"), t.opt("noRolePasswords", "false")));
        for (String tier : List.of("daily", "weekly", "monthly")) {
            String retention = "BACKUP_RETENTION_" + tier.toUpperCase(java.util.Locale.ROOT);
            y.append(cronJob(s + "-backup-" + tier, "backup.sh", pgEnv + dumpEnv + """
                            - {name: BACKUP_TIER, value: %s}
                            - {name: BACKUP_KEEP, valueFrom: {configMapKeyRef: {name: %s-backup-config, key: %s}}}
                    """.formatted(tier, s, retention)));
        }
        y.append(cronJob(s + "-backup-verify", "verify.sh", pgEnv + """
                        - {name: VERIFY_TIER, value: daily}
                        - {name: VERIFY_SCRATCH_DB, value: %s_verify}
                        - {name: VERIFY_MIN_TABLES, value: "1"}
                """.formatted(t.database())));
        String restoreEnv = """
                        - {name: RESTORE_FILE, value: ""}
                        - {name: RESTORE_TIER, value: daily}
                        - {name: RESTORE_FORCE, value: "false"}
                        - {name: RESTORE_BACKUP_FIRST, value: "false"}
                """;
        y.append("""
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: %s-backup-restore}
                spec:
                  template:
                    spec:
                      containers:
                      - name: restore
                        command: ["/bin/sh", "/scripts/restore.sh"]
                        env:
                %s""".formatted(s, pgEnv + dumpEnv + restoreEnv));
        List<JsonNode> docs = parse(y.toString());
        ObjectNode data = (ObjectNode) docs.get(0).get("data");
        for (String key : SCRIPT_KEYS) {
            data.put(key, new String(packagedScript(key), StandardCharsets.UTF_8));
        }
        return new RenderedScripts(s, docs, List.of());
    }

    private static String cronJob(String name, String script, String env) {
        return """
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: %s}
                spec:
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers:
                          - name: run
                            command: ["/bin/sh", "/scripts/%s"]
                            env:
                %s""".formatted(name, script, indent(env, 4));
    }

    private static String indent(String block, int spaces) {
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = block.lines().iterator();
        while (it.hasNext()) {
            sb.append(" ".repeat(spaces)).append(it.next()).append('\n');
        }
        return sb.toString();
    }

    /** templates/scripts/KEY as packaged into the jar (target/classes when run by Maven). */
    static byte[] packagedScript(String key) {
        String res = "/templates/scripts/" + key;
        try (InputStream in = RenderedScripts.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + res + " is missing (templates/ not packaged?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
