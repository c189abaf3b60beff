package io.backupgen.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.backupgen.model.BackupModel;
import io.backupgen.model.engines.Engine;
import io.backupgen.model.engines.Engines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code charts/<slug>/}: a Helm chart of the same objects as the kustomize base.
 *
 * <p>Why the chart's templates are static files and not Pebble templates: Helm templates are Go
 * templates, whose {@code {{ }}} is Pebble's syntax too; generating them through Pebble would mean
 * escaping every Helm action. They depend on nothing but the values, so they are shipped in the jar
 * ({@code templates/helm/chart/}) and copied verbatim. What depends on the spec is generated from
 * the model: Chart.yaml, values.yaml (the defaults are the spec's resolved values), values.schema.json,
 * values-&lt;env&gt;.yaml, the README's values table, templates/_env.tpl (each job's variables, so
 * the chart follows the model's choice of what a script gets), and the scripts ConfigMap, which embeds the
 * scripts as the same literal block the kustomize base uses (Pebble, with the Helm parts kept
 * {@code verbatim}), so the bytes the Jobs run are the same in both outputs.
 */
public final class HelmChartRenderer {
    public static final String CHARTS_DIR = "charts/";
    /** Chart files copied verbatim from the jar's templates/helm/chart/. */
    static final List<String> STATIC_FILES = List.of(
            "templates/NOTES.txt",
            "templates/_helpers.tpl",
            "templates/backup-configmap.yaml",
            "templates/backup-cronjob.yaml",
            "templates/backup-prometheusrule.yaml",
            "templates/backup-networkpolicy.yaml",
            "templates/backup-pvc.yaml",
            "templates/backup-restore-cronjob.yaml",
            "templates/backup-serviceaccount.yaml",
            "templates/backup-verify-cronjob.yaml");
    /**
     * The chart's own version. backupgen does not publish charts; bump it in your release process if
     * you package the chart (helm package --version).
     */
    static final String CHART_VERSION = "0.1.0";
    /** Two-space indent, "key": value, one array item per line, '\n' on every platform: diffs read well. */
    private static final ObjectMapper JSON = new ObjectMapper().setDefaultPrettyPrinter(
            new DefaultPrettyPrinter(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                    .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("  ", "\n")))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private HelmChartRenderer() {
    }

    /** The chart directory of a model: {@code charts/<slug>}. */
    public static String chartDir(BackupModel model) {
        return CHARTS_DIR + model.slug();
    }

    /**
     * @param base         the spec's own model (the chart's defaults)
     * @param environments environment name to its model, for values-&lt;env&gt;.yaml
     */
    public static List<RenderedFile> chart(ChartValues.Source base, SortedMap<String, ChartValues.Source> environments) {
        BackupModel m = base.model();
        String dir = chartDir(m) + "/";
        List<RenderedFile> out = new ArrayList<>();
        for (String file : STATIC_FILES) {
            out.add(new RenderedFile(dir + file, resource("/templates/helm/chart/" + file)));
        }
        out.add(new RenderedFile(dir + "templates/backup-scripts-configmap.yaml",
                TemplateEngine.render("helm/backup-scripts-configmap.yaml.peb", Map.of("scripts", escapedScripts(m)))));

        out.add(new RenderedFile(dir + "templates/_env.tpl", envTemplates(base)));
        out.add(new RenderedFile(dir + "templates/_cluster.tpl", clusterTemplates()));
        // The engines' templates: always in the chart (each guarded by its values), so turning one on is a value.
        for (Engine engine : Engines.all()) {
            for (Engine.ChartFile f : engine.chartFiles()) {
                out.add(new RenderedFile(dir + "templates/" + f.path(), f.pebble()
                        ? TemplateEngine.render(f.resource(), Map.of("m", m, "engine", engine))
                        : resource("/templates/" + f.resource())));
            }
        }

        Map<String, JsonNode> values = ChartValues.values(base);
        out.add(new RenderedFile(dir + "Chart.yaml", chartYaml(m)));
        out.add(new RenderedFile(dir + "values.yaml", "# Defaults: the values " + m.specFile()
                + " resolves to. helm template with these gives the same objects as k8s/base.\n"
                + valuesYaml(values, true)));
        out.add(new RenderedFile(dir + "values.schema.json", json(ChartValuesSchema.schema(m.projectName() + " backup values"))));
        environments.forEach((env, source) -> {
            Map<String, JsonNode> diff = ChartValues.difference(values, ChartValues.values(source));
            out.add(new RenderedFile(dir + "values-" + env + ".yaml", "# Environment " + env
                    + ": only what differs from values.yaml; the same objects as k8s/overlays/" + env + ".\n"
                    + "#   helm install " + m.slug() + "-backup " + dir.substring(0, dir.length() - 1)
                    + " -f " + dir + "values-" + env + ".yaml\n"
                    + (diff.isEmpty() ? "{}\n" : valuesYaml(diff, false))));
        });
        out.add(new RenderedFile(dir + "README.md", readme(m, values, environments)));
        out.sort(Comparator.comparing(RenderedFile::path));
        return out;
    }

    private static String chartYaml(BackupModel m) {
        return "apiVersion: v2\n"
                + "name: " + m.slug() + "\n"
                + "description: " + YamlExtension.quote(m.projectName() + " PostgreSQL backups: scheduled, verified,"
                + " retained (rendered by backupgen)") + "\n"
                + "type: application\n"
                + "version: " + CHART_VERSION + "\n"
                + "appVersion: " + YamlExtension.quote(ChartValues.ImageParts.of(m.image().reference()).tag()) + "\n"
                + "keywords:\n  - postgresql\n  - backup\n";
    }

    /** Nested YAML of dotted values; with descriptions, each leaf is preceded by its description. */
    static String valuesYaml(Map<String, JsonNode> values, boolean describe) {
        Map<String, String> descriptions = new TreeMap<>();
        ChartValues.leaves().forEach(l -> descriptions.put(l.path(), l.description()));
        StringBuilder sb = new StringBuilder();
        List<String> open = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : values.entrySet()) {
            String[] parts = e.getKey().split("\\.");
            int common = 0;
            while (common < open.size() && common < parts.length - 1 && open.get(common).equals(parts[common])) {
                common++;
            }
            while (open.size() > common) {
                open.remove(open.size() - 1);
            }
            for (int i = common; i < parts.length - 1; i++) {
                if (i == 0 && sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append("  ".repeat(i)).append(parts[i]).append(":\n");
                open.add(parts[i]);
            }
            String indent = "  ".repeat(parts.length - 1);
            if (describe) {
                sb.append(indent).append("# ").append(descriptions.get(e.getKey())).append('\n');
            }
            sb.append(indent).append(parts[parts.length - 1]).append(":");
            if (e.getValue().isContainerNode() && !e.getValue().isEmpty()) {
                // A Kubernetes shape (tolerations, affinity, labels): block YAML under its key.
                sb.append(YamlExtension.structure(e.getValue(), indent.length() + 2, false)).append('\n');
            } else {
                sb.append(' ').append(scalar(e.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    /** A YAML scalar that reads back as the same JSON value. */
    static String scalar(JsonNode value) {
        if (value.isObject()) {
            return value.toString(); // a map value (labels): JSON is YAML's flow style, on one line
        }
        if (value.isTextual() && value.asText().contains("\n")) {
            return YamlExtension.quote(value.asText());
        }
        // Written as a field, not as a root scalar: Jackson prefixes a root scalar with "--- " whatever
        // the document-start setting, and an empty string would then read back as a document marker.
        String s = Manifests.write(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .set("v", value));
        return s.substring("v: ".length(), s.length() - 1);
    }

    private static String readme(BackupModel m, Map<String, JsonNode> values,
                                 SortedMap<String, ChartValues.Source> environments) {
        StringBuilder sb = new StringBuilder();
        String dir = chartDir(m);
        sb.append("# ").append(m.slug()).append(" backups (Helm chart)\n\n")
                .append(m.projectName()).append(": scheduled `pg_dump` backups of PostgreSQL database `")
                .append(m.database().name()).append("` — daily, weekly and monthly CronJobs, a backup volume,")
                .append(" retention per tier, a checksum beside every backup; a restore Job template and a scheduled")
                .append(" restore verification.\n\n")
                .append("Generated by backupgen from `").append(m.specFile()).append("`; the same objects as `k8s/base`")
                .append(" (object names are not prefixed with the release name, labels are the base's, no Helm labels).")
                .append(" Change the spec and re-render rather than editing this chart.\n\n")
                .append("```sh\nhelm install ").append(m.slug()).append("-backup ").append(dir);
        if (!m.namespace().isEmpty()) {
            sb.append(" --namespace ").append(m.namespace());
        }
        sb.append("\n```\n\n");
        if (!environments.isEmpty()) {
            sb.append("Environments: each `values-<env>.yaml` holds only what differs from `values.yaml`")
                    .append(" and gives the same objects as `k8s/overlays/<env>`:\n\n");
            environments.forEach((env, source) -> {
                String ns = source.model().namespace();
                sb.append("- `").append(env).append("`: `helm install ").append(m.slug()).append("-backup ")
                        .append(dir).append(" -f ").append(dir).append("/values-").append(env).append(".yaml")
                        .append(ns.isEmpty() ? "" : " --namespace " + ns).append("`\n");
            });
            sb.append('\n');
        }
        sb.append("Objects carry `metadata.namespace` from the `project.namespace` value when it is set (as the")
                .append(" kustomize base does); set it to `\"\"` to let `--namespace` decide.\n\n");
        sb.append("`values.schema.json` rejects unknown keys and out-of-range values, so a misspelt `--set` fails")
                .append(" `helm install`/`helm template` instead of being ignored.\n\n")
                .append(m.storage().create() && !m.storage().annotations().isEmpty()
                        ? "The backup PVC `" + m.names().pvc() + "` carries `helm.sh/resource-policy: keep`"
                        + " (`storage.protect`): `helm uninstall` leaves it, and the backups on it, in place; delete it"
                        + " by hand when you mean to.\n\n" : "")
                .append("The database credentials Secret (`").append(m.names().credentialsSecret())
                .append("`) is not part of the chart; create it before the first run.\n\n")
                .append("## Values\n\n")
                .append("| Parameter | Description | Default |\n")
                .append("|-----------|-------------|---------|\n");
        for (ChartValues.Leaf leaf : ChartValues.leaves()) {
            sb.append("| `").append(leaf.path()).append("` | ").append(markdown(leaf.description()))
                    .append(" | `").append(values.get(leaf.path()).toString().replace("|", "\\|")).append("` |\n");
        }
        // The same runbook as k8s/RUNBOOK.md: the chart's objects are the base's, by the same names.
        SortedMap<String, BackupModel> envModels = new TreeMap<>();
        environments.forEach((env, source) -> envModels.put(env, source.model()));
        sb.append('\n').append(Runbook.markdown(m, envModels, 2));
        return sb.toString();
    }

    /**
     * {@code _env.tpl}: each job's environment variables as the model decides them, one named template
     * per job holding a JSON list the cronjob helper reads with {@code fromJsonArray}. Generated, so a
     * variable the model adds for a script reaches the chart without touching its templates. No entry
     * depends on a value except the credential keys, which are written as the name of the value
     * ({@code usernameKey}/{@code passwordKey}) for the helper to look up.
     */
    static String envTemplates(ChartValues.Source source) {
        BackupModel m = source.model();
        StringBuilder sb = new StringBuilder("{{/* The variables of each job's container, from backupgen's model. */}}\n");
        for (BackupModel.Tier t : source.allTiers()) {
            sb.append(envTemplate(t.name(), t.job(), m));
        }
        // One-dump mode's job, for tiers.mode=single (a value, so it is always there).
        sb.append(envTemplate("single", new BackupModel.Job(m.slug() + "-backup", "single", "", "", false, 0, 0, 0, 0, 0,
                "backup", "backup.sh", io.backupgen.model.ModelBuilder.singleEnv(m.database(), m.slug()), null, BackupModel.Pod.NONE), m));
        // As the volume gives it (a restore reading the bucket gets its fetch in the template).
        sb.append(envTemplate("restore", m.restore().job().withEnv(io.backupgen.model.ModelBuilder.restoreEnv(m.database())), m));
        // Both modes: verify.mode picks one, and the modes differ in what the pod gets (credentials or not).
        for (String mode : List.of(BackupModel.VERIFY_THROWAWAY, BackupModel.VERIFY_SERVER)) {
            sb.append(envTemplate("verify." + mode, m.verify().job().withEnv(
                    io.backupgen.model.ModelBuilder.verifyEnv(m.database(), mode, m.slug())), m));
        }
        return sb.toString();
    }

    private static String envTemplate(String name, BackupModel.Job job, BackupModel m) {
        com.fasterxml.jackson.databind.node.ArrayNode list = JSON.createArrayNode();
        for (BackupModel.EnvVar e : job.env()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = list.addObject().put("name", e.name());
            if (e.value() != null) {
                o.put("value", e.value());
            } else if (e.configMapKey() != null) {
                o.put("configMapKey", e.configMapKey());
            } else if (e.fieldPath() != null) {
                o.put("fieldPath", e.fieldPath());
            } else if (e.secretKey().equals(m.database().usernameKey())) {
                o.put("credential", "usernameKey");
            } else if (e.secretKey().equals(m.database().passwordKey())) {
                o.put("credential", "passwordKey");
            } else {
                throw new IllegalStateException(job.name() + ": " + e.name() + " reads Secret key " + e.secretKey()
                        + ", which is neither the username nor the password key");
            }
        }
        // One variable per line, so a changed variable is a one-line diff.
        List<String> lines = new ArrayList<>();
        list.forEach(item -> lines.add("  " + item.toString()));
        String json = "[\n" + String.join(",\n", lines) + "\n]";
        return "{{- define \"backupgen.env." + name + "\" -}}\n" + goLiteral(json) + "\n{{- end }}\n";
    }

    /**
     * {@code _cluster.tpl}: what the chart's templates need from the model's decisions about fitting real
     * clusters, as JSON the templates read with {@code fromJson}: the PVC protection annotations.
     */
    static String clusterTemplates() {
        com.fasterxml.jackson.databind.node.ObjectNode protection = JSON.createObjectNode();
        io.backupgen.model.ModelBuilder.PVC_PROTECTION.forEach(protection::put);
        return "{{/* Decisions of backupgen's model the templates lay out. */}}\n"
                + "{{/* storage.protect: annotations that keep the backup PVC when a tool deletes the release. */}}\n"
                + "{{- define \"backupgen.pvcProtection\" -}}\n" + goLiteral(protection.toString()) + "\n{{- end }}\n";
    }

    /** Text that Go templates print as is: a literal {@code {{} becomes an action printing it. */
    static String goLiteral(String text) {
        return text.replace("{{", "{{ \"{{\" }}");
    }

    /** Table-cell text: '|' would end the cell and "<slug>" would vanish as an HTML tag. */
    private static String markdown(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The scripts with Go-template actions neutralised: a literal {@code {{} in a script would start a
     * Helm action; {@code {{ "{{" }}} prints it back, so Helm renders the script's exact bytes.
     */
    static Map<String, String> escapedScripts(BackupModel m) {
        Map<String, String> out = new TreeMap<>();
        m.scripts().forEach((name, text) -> out.put(name, goLiteral(text)));
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = HelmChartRenderer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("chart file missing from the jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
