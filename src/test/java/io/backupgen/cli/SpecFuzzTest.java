package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.spec.SpecSchema;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz over spec strings and YAML shapes, through the real CLI ({@code render --stdout}): hostile
 * text (line breaks of every YAML flavour, control and bidi characters, comment and template syntax, shell
 * metacharacters, huge values) in every string field the spec schema has, and odd shapes (mappings where
 * scalars go, tags, anchors, block scalars, duplicate keys, extra documents). Never a stack trace; exit 0
 * or 2 (never 1: a spec the loader accepts must render valid objects); and exit 0 only with the objects
 * and fields backupgen renders, never one more. A failure prints the seed and the spec; re-run one with
 * {@code -Dfuzz.seed=N}. No library: a seeded {@link Random} is all this needs and keeps failures replayable.
 */
class SpecFuzzTest {
    static final long SEED = Long.getLong("fuzz.seed", 20261122L);
    static final int RUNS = Integer.getInteger("fuzz.runs", 80);
    static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\n";
    static final Set<String> KINDS = Set.of("CronJob", "ConfigMap", "PersistentVolumeClaim", "ServiceAccount");
    static final String[] FRAGMENTS = {"x", "Acme Shop", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\t",
            "\u0000", "\u0007", "\u001b[31m", "\u202e", "\ufeff", "\u000b", "---", "\n---\n", "...", "#", " #", ": ",
            "- ", "&a", "*a", "!!str ", "{", "}", "[", "]", "\"", "'", "\\", "${HOME}", "$(id)", "`id`", ";rm -rf /",
            "{{ .Values.x }}", "{%", "%}", "}}", "{{", "<!--", "-->", "*/", "é", "\uD83D\uDE00", "", " ", "0", "true",
            "null", "~", "@daily", "kind: ClusterRoleBinding", "\napiVersion: v1\nkind: Secret\n", "0 2 * * *", "UTC",
            "10Gi", "100m", "shop-db"};
    /** Text that means something to YAML, comments, templates or shells, without a control character. */
    static final String[] PRINTABLE = {"#", " # x", ": ", "- ", "---", "&a", "*a", "!!str", "{", "}", "[", "]",
            "\"", "'", "\\", "${HOME}", "$(id)", "`id`", ";rm -rf /", "{{ .Values.x }}", "{%", "}}", "<!--", "-->",
            "*/", "é", "\uD83D\uDE00", "kind: ClusterRoleBinding", "Acme", " ", "%", "@", "|", ">", "?"};
    /** Valid values written in the shapes YAML allows: tags, anchors, flow mappings, quoting styles. */
    static final Map<String, String> VALID_SHAPES = Map.of("project.name", "&n 'Shop # one'", "tiers.daily.keep",
            "!!int \"9\"", "storage", "{size: 5Gi}", "tiers.weekly", "{keep: 3, enabled: true}", "image.repository",
            "!!str docker.io/library/postgres", "database.port", "0x1538", "project.namespace", "\"\"",
            "tiers.monthly.enabled", "false", "backup.globals", "yes");
    static final String[] SHAPES = {"{a: 1}", "[1, 2]", "null", "~", "42", "-1", "4.2e3", "true", "no", "&x foo",
            "*undefined", "!!binary aGVsbG8=", "!!set {a}", "!!timestamp 2001-12-14", "!custom x", "!!int \"7\"",
            "\"\\x00\"", "[[[[[[[[[[]]]]]]]]]]", "{? [a]: b}", "<<: {a: 1}", "'multi\n\n  line'", "|\n      block\n      text",
            ">-\n      folded"};

    @TempDir
    static Path dir;
    static List<String> stringFields;
    static List<String> freeTextFields;
    static Set<String> allowedPaths;
    static Map<String, Integer> maxArraySizes;
    static int maxDocuments;

    @BeforeAll
    static void baselines() throws Exception {
        stringFields = new ArrayList<>();
        collectStrings(SpecSchema.get().root(), "", stringFields);
        freeTextFields = stringFields.stream().filter(f -> {
            JsonNode sub = SpecSchema.get().at(com.fasterxml.jackson.core.JsonPointer.compile(
                    "/" + f.replace('.', '/'))).orElseThrow();
            // free text: no pattern, no enum, and no rule reads it (a cron or a time zone is checked)
            return !sub.has("pattern") && !sub.has("enum") && !f.endsWith("schedule") && !f.endsWith("timeZone");
        }).toList();
        assertThat(freeTextFields).contains("project.name");
        assertThat(stringFields).contains("project.name", "image.repository", "environments.staging.image.tag");
        allowedPaths = new TreeSet<>();
        maxArraySizes = new HashMap<>();
        List<String> specs = new ArrayList<>();
        for (Path sample : Repo.samples()) {
            specs.add(Files.readString(sample));
        }
        specs.add(HEAD + "project:\n  name: Max Shop\n  namespace: max\nimage:\n  digest: sha256:" + "a".repeat(64)
                + "\nstorage:\n  storageClassName: fast\nbackup:\n  globals: true\n  format: custom\n"
                + "security:\n  runAsUser: 1000\n  fsGroup: 1000\n");
        for (String spec : specs) {
            CliRun r = stdout(spec);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            List<JsonNode> docs = KubeSchemas.documents(r.out());
            maxDocuments = Math.max(maxDocuments, docs.size());
            docs.forEach(d -> skeleton(d, "", allowedPaths, maxArraySizes));
        }
    }

    /** Every string field of the schema, as a dotted path; environments get one, named staging. */
    private static void collectStrings(JsonNode schema, String prefix, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = prefix + e.getKey();
            JsonNode sub = e.getValue();
            if ("string".equals(sub.path("type").asText())) {
                out.add(path);
            } else if (sub.path("additionalProperties").isObject()) {
                collectStrings(sub.get("additionalProperties"), path + ".staging.", out);
            } else {
                collectStrings(sub, path + ".", out);
            }
        }
    }

    private static void skeleton(JsonNode n, String at, Set<String> paths, Map<String, Integer> arrays) {
        paths.add(at);
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> skeleton(e.getValue(), at + "/" + e.getKey(), paths, arrays));
        } else if (n.isArray()) {
            arrays.merge(at, n.size(), Math::max);
            n.forEach(item -> skeleton(item, at + "/[]", paths, arrays));
        }
    }

    private static CliRun stdout(String spec) throws Exception {
        Path f = dir.resolve("fuzz.yaml");
        Files.writeString(f, spec);
        return CliRun.of("render", "-f", f.toString(), "--stdout");
    }

    @Test
    void hostileStringsInEveryFieldNeverInjectAndNeverCrash() throws Exception {
        Random random = new Random(SEED);
        int rendered = 0;
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("project.name", json.writeValueAsString("Fuzz Shop"));
            values.put("project.slug", json.writeValueAsString("fuzz"));
            int fields = 1 + random.nextInt(3);
            // Half the runs put printable text into free-text fields (which may well render), half put anything
            // into any string field (which must be refused when it is unsafe).
            boolean printable = random.nextBoolean();
            for (int f = 0; f < fields; f++) {
                String[] pool = printable ? PRINTABLE : FRAGMENTS;
                List<String> where = printable ? freeTextFields : stringFields;
                StringBuilder s = new StringBuilder(printable ? "Shop " : "");
                int parts = 1 + random.nextInt(3);
                for (int p = 0; p < parts; p++) {
                    s.append(pool[random.nextInt(pool.length)]);
                }
                if (random.nextInt(20) == 0) {
                    s.append("y".repeat(5000));
                }
                String field = where.get(random.nextInt(where.size()));
                values.put(field.equals("project.slug") ? "project.name" : field, json.writeValueAsString(s.toString()));
            }
            rendered += check(i, yaml(values));
        }
        assertThat(rendered).as("runs that rendered (the check is not vacuous)").isGreaterThan(RUNS / 10);
    }

    @Test
    void oddYamlShapesNeverCrash() throws Exception {
        Random random = new Random(SEED + 1);
        int rendered = 0;
        List<String> anyField = new ArrayList<>(stringFields);
        anyField.addAll(List.of("tiers.daily.keep", "tiers.weekly.enabled", "database.port", "restore.enabled",
                "security.runAsUser", "environments.staging", "tiers.monthly", "project", "storage", "extra.key"));
        for (int i = 0; i < RUNS; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("project.name", "Fuzz Shop");
            int fields = 1 + random.nextInt(2);
            List<String> valid = new ArrayList<>(VALID_SHAPES.keySet());
            valid.sort(null);
            for (int f = 0; f < fields; f++) {
                if (random.nextInt(3) == 0) {
                    values.put(anyField.get(random.nextInt(anyField.size())), SHAPES[random.nextInt(SHAPES.length)]);
                } else {
                    String field = valid.get(random.nextInt(valid.size()));
                    values.put(field, VALID_SHAPES.get(field));
                }
            }
            String text = yaml(values);
            switch (random.nextInt(6)) {
                case 0 -> text = text + "---\n" + text;
                case 1 -> text = text + "project:\n  name: again\n";
                case 2 -> text = text.replace("project:\n", "project: &p\n") + "restore: *p\n";
                default -> {
                }
            }
            rendered += check(i, text);
        }
        assertThat(rendered).as("runs that rendered (the check is not vacuous)").isGreaterThan(RUNS / 10);
    }

    /** Nested YAML from dotted paths to ready-written scalars (a block scalar is indented for its depth). */
    private static String yaml(Map<String, String> values) {
        Map<String, Object> root = new LinkedHashMap<>();
        values.forEach((path, value) -> {
            String[] parts = path.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object child = node.get(parts[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(parts[i], child);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) child;
                node = m;
            }
            node.put(parts[parts.length - 1], value);
        });
        StringBuilder sb = new StringBuilder(HEAD);
        write(root, 0, sb);
        return sb.toString();
    }

    private static void write(Map<String, Object> node, int depth, StringBuilder sb) {
        String indent = "  ".repeat(depth);
        node.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                sb.append(indent).append(k).append(":\n");
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) m;
                write(child, depth + 1, sb);
            } else {
                String s = v.toString().replace("\n      ", "\n" + indent + "  ");
                sb.append(indent).append(k).append(": ").append(s).append('\n');
            }
        });
    }

    /** Runs one spec and checks it; 1 when it rendered, 0 when it was refused. */
    private int check(int run, String spec) throws Exception {
        CliRun r = stdout(spec);
        String context = "run " + run + " (seed " + SEED + ") of spec:\n" + spec + "\n" + r;
        assertThat(r.exitCode()).as(context).isIn(0, 2);
        assertThat(r.err()).as(context).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("Exception");
        if (r.exitCode() != 0) {
            assertThat(r.out()).as(context).isEmpty();
            assertThat(r.err()).as(context).startsWith("error: ");
            return 0;
        }
        List<JsonNode> docs = KubeSchemas.documents(r.out());
        assertThat(docs.size()).as(context).isLessThanOrEqualTo(maxDocuments);
        Set<String> paths = new TreeSet<>();
        Map<String, Integer> arrays = new HashMap<>();
        for (JsonNode d : docs) {
            assertThat(d.path("kind").asText()).as(context).isIn(KINDS);
            skeleton(d, "", paths, arrays);
        }
        paths.removeAll(allowedPaths);
        assertThat(paths).as("fields no baseline renders: %s", context).isEmpty();
        arrays.forEach((path, size) -> assertThat(size).as("%s in %s", path, context)
                .isLessThanOrEqualTo(maxArraySizes.getOrDefault(path, 0)));
        return 1;
    }
}
