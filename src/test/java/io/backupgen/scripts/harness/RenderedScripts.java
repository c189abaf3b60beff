package io.backupgen.scripts.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Profiles;
import io.backupgen.spec.SpecLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
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
 * <p>Test-specific changes (the volume mapped to a temp dir, the RESTORE_* values an operator sets) are
 * explicit overrides in {@link ScriptRunner}, never edits of the rendered documents.
 */
public final class RenderedScripts {

    /** Script ConfigMap keys, in the order they are installed. */
    public static final List<String> SCRIPT_KEYS = List.of("backup.sh", "common.sh", "list.sh", "metrics.sh",
            "restore.sh", "verify.sh");
    /** Shipped only with off-site copies on (the rclone containers run them). */
    public static final List<String> OFFSITE_SCRIPT_KEYS = List.of("fetch.sh", "offsite.sh", "upload.sh");

    /**
     * What a test renders with: the database it points at and the spec-level options (keys: format,
     * compression, globals, noRolePasswords, mode, keepDaily, keepWeekly, keepMonthly, verifyMode,
     * pushgatewayUrl; specTail:
     * more spec YAML appended as is, e.g. a security section).
     */
    public record Target(String slug, String host, int port, String database, Map<String, String> options) {
        String opt(String key, String dflt) {
            return options.getOrDefault(key, dflt);
        }
    }

    /** The workloads that run a script: the CronJob (or Job) named {@code <slug><suffix>}. */
    public enum Workload {
        BACKUP_DAILY("-backup-daily"),
        BACKUP_WEEKLY("-backup-weekly"),
        BACKUP_MONTHLY("-backup-monthly"),
        /** One-dump mode's only backup CronJob (tiers.mode: single). */
        BACKUP("-backup"),
        /** A suspended CronJob, run by hand with {@code kubectl create job --from=cronjob/...}. */
        RESTORE("-backup-restore"),
        VERIFY("-backup-verify");

        final String suffix;

        Workload(String suffix) {
            this.suffix = suffix;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String slug;
    private final List<JsonNode> documents;

    public RenderedScripts(String slug, List<JsonNode> documents) {
        this.slug = slug;
        this.documents = List.copyOf(documents);
    }

    // ------------------------------------------------------------------------------------------------
    // The seam.

    public static RenderedScripts render(Target target) {
        LoadedSpec loaded = new SpecLoader(new Profiles(null)).load(SPEC_FILE, specText(target));
        return new RenderedScripts(target.slug(), parse(RenderPipeline.objectStream(loaded)));
    }

    /** The name {@link #render(Target)} loads the spec under; a test printing Jobs writes it to a file of this name. */
    public static final String SPEC_FILE = "scripts-test.yaml";

    /** The spec text {@link #render(Target)} renders, for tests that also print Jobs from it. */
    public static String specText(Target target) {
        return """
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
                  mode: %s
                  daily: {keep: %s}
                  weekly: {keep: %s}
                  monthly: {keep: %s}
                verify:
                  mode: %s
                metrics:
                  pushgatewayUrl: "%s"
                """.formatted(SpecLoader.API_VERSION, SpecLoader.KIND, target.slug(), target.host(), target.port(),
                target.database(), target.opt("format", "plain"), target.opt("compression", "6"),
                target.opt("globals", "false"), target.opt("noRolePasswords", "false"), target.opt("mode", "separate"),
                target.opt("keepDaily", "7"), target.opt("keepWeekly", "4"), target.opt("keepMonthly", "12"),
                target.opt("verifyMode", "throwaway"), target.opt("pushgatewayUrl", "")) + target.opt("specTail", "");
    }

    /** These documents plus {@code yaml}'s (e.g. a Job printed by backupgen restore), as deployed together. */
    public RenderedScripts with(String yaml) {
        List<JsonNode> all = new ArrayList<>(documents);
        all.addAll(parse(yaml));
        return new RenderedScripts(slug, all);
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
            List<String> keys = new ArrayList<>(SCRIPT_KEYS);
            JsonNode data = document("ConfigMap", slug + "-backup-scripts").path("data");
            OFFSITE_SCRIPT_KEYS.stream().filter(data::has).forEach(keys::add);
            for (String key : keys) {
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
        return scriptOf(slug + w.suffix);
    }

    /** As {@link #scriptOf(Workload)} for the CronJob or Job called {@code name}. */
    public String scriptOf(String w) {
        return scriptOf(w, container(w));
    }

    /** The script key container {@code name} (an init container or the container) of {@code w} runs. */
    public String scriptOf(String w, String name) {
        return scriptOf(w, containerNamed(w, name));
    }

    private static String scriptOf(String w, JsonNode container) {
        JsonNode cmd = container.path("command");
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
        return env(slug + w.suffix, secrets);
    }

    /** As {@link #env(Workload, Map)} for the CronJob or Job called {@code w}. */
    public Map<String, String> env(String w, Map<String, Map<String, String>> secrets) {
        return env(w, container(w), secrets);
    }

    /** As {@link #env(String, Map)} for container {@code name} (an init container or the container) of {@code w}. */
    public Map<String, String> env(String w, String name, Map<String, Map<String, String>> secrets) {
        return env(w, containerNamed(w, name), secrets);
    }

    /** The names of the pod's init containers then its containers, in the order the pod runs them. */
    public List<String> containerNames(String w) {
        List<String> out = new ArrayList<>();
        for (String f : List.of("initContainers", "containers")) {
            podSpec(w).path(f).forEach(c -> out.add(c.path("name").asText()));
        }
        return out;
    }

    /** The image of container {@code name} of {@code w}. */
    public String imageOf(String w, String name) {
        return containerNamed(w, name).path("image").asText();
    }

    private JsonNode containerNamed(String w, String name) {
        for (String f : List.of("initContainers", "containers")) {
            for (JsonNode c : podSpec(w).path(f)) {
                if (name.equals(c.path("name").asText())) {
                    return c;
                }
            }
        }
        throw new IllegalStateException(w + " has no container " + name + "; it has " + containerNames(w));
    }

    private Map<String, String> env(String w, JsonNode container, Map<String, Map<String, String>> secrets) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.path("env")) {
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
            } else if (from.path("fieldRef").path("fieldPath").asText().equals("metadata.namespace")) {
                // The pod's namespace: the workload's, or "default" where kubectl's context would put it.
                env.put(name, workload(w).path("metadata").path("namespace").asText("default"));
            } else {
                throw new IllegalStateException(w + " env " + name + ": unsupported env source " + e);
            }
        }
        return env;
    }

    /** The uid the workload's pod runs as (pod securityContext.runAsUser), or the alpine postgres uid 70. */
    public int runAsUser(Workload w) {
        return runAsUser(slug + w.suffix);
    }

    public int runAsUser(String w) {
        JsonNode uid = podSpec(w).path("securityContext").path("runAsUser");
        return uid.isInt() ? uid.asInt() : Tools.POD_UID;
    }

    /** mountPath -> readOnly of the workload's container: what a test may map to a directory. */
    public Map<String, Boolean> mounts(String w) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (JsonNode m : container(w).path("volumeMounts")) {
            out.put(m.path("mountPath").asText(), m.path("readOnly").asBoolean(false));
        }
        return out;
    }

    /** The workload's pod securityContext, as rendered. */
    public JsonNode podSecurityContext(Workload w) {
        return podSpec(slug + w.suffix).path("securityContext");
    }

    /** The workload's pod spec (CronJob's jobTemplate or Job's template). */
    public JsonNode podSpec(String w) {
        JsonNode doc = workload(w);
        return "CronJob".equals(doc.path("kind").asText())
                ? doc.path("spec").path("jobTemplate").path("spec").path("template").path("spec")
                : doc.path("spec").path("template").path("spec");
    }

    /** The workload's CronJob or Job (a manual-trigger workload may be either: a suspended CronJob or a Job). */
    private JsonNode workload(String w) {
        JsonNode doc = find("CronJob", w);
        return doc != null ? doc : document("Job", w);
    }

    private JsonNode container(String w) {
        JsonNode containers = podSpec(w).path("containers");
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
}
