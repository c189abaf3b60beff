package io.backupgen.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.OneOffJobs;
import java.util.List;
import java.util.Map;

/**
 * A one-off Job as Kubernetes YAML: laid out by the same macros as the CronJobs (its spec is a CronJob's
 * jobTemplate.spec), with the model's namespace, preceded by comment lines saying what it does and how
 * to watch it. Pure.
 */
public final class JobRenderer {
    private JobRenderer() {
    }

    /** The Job object, namespace included when the model has one. */
    public static ObjectNode object(BackupModel m, BackupModel.Job job) {
        String text = TemplateEngine.render("jobs/job.yaml.peb",
                Map.of("m", m, "job", job, "ttl", OneOffJobs.TTL_SECONDS_AFTER_FINISHED));
        List<ObjectNode> objects = Manifests.parse(text);
        if (objects.size() != 1) {
            throw new IllegalStateException("jobs/job.yaml.peb rendered " + objects.size() + " objects");
        }
        return Manifests.withNamespace(objects.get(0), m.namespace());
    }

    /** {@code # }-prefixed {@code comments}, then the Job as one YAML document. */
    public static String yaml(BackupModel m, BackupModel.Job job, List<String> comments) {
        StringBuilder sb = new StringBuilder();
        for (String c : comments) {
            sb.append(c.isEmpty() ? "#" : "# " + c).append('\n');
        }
        return sb.append("---\n").append(Manifests.write(object(m, job))).toString();
    }
}
