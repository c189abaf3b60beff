package io.backupgen.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "Take a backup now" offers the CronJob's own Job because only that one clears
 * {@code BackupTooOld}: the alert reads the CronJob's {@code status.lastSuccessfulTime}, which the
 * CronJob controller sets from the succeeded Jobs it controls, wherever they came from
 * (pkg/controller/cronjob/cronjob_controllerv2.go, syncCronJob). No controller runs here, so this proves
 * the half that can be proven on a real API server: the runbook's command line, as printed for
 * samples/production.yaml, creates a Job whose controller is that tier's CronJob.
 */
class RunbookBackupNowTest {
    private static final Pattern FROM_CRONJOB = Pattern.compile(
            "job=\\$\\(kubectl create job -n (\\S+) --from=cronjob/(\\S+) (\\S+)-\\$\\(date \\+%s\\) -o name\\)");

    @Test
    void theRunbooksBackupNowLineMakesAJobTheTiersCronJobControls(@TempDir Path out) throws Exception {
        Path sample = Repo.root().resolve("samples/production.yaml");
        CliRun r = CliRun.of("render", "-f", sample.toString(), "-o", out.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String runbook = Files.readString(out.resolve("k8s/RUNBOOK.md"));
        String section = runbook.substring(runbook.indexOf("## Take a backup now"));
        Matcher m = FROM_CRONJOB.matcher(section);
        assertThat(m.find()).as("the 'Take a backup now' section has a kubectl create job --from=cronjob line")
                .isTrue();
        String ns = m.group(1);
        String cronJob = m.group(2);
        String jobName = m.group(3) + "-1763800000";

        KubeApiServer api = KubeApiServer.shared();
        api.kubectl("create", "namespace", ns); // AlreadyExists on a second run is fine
        // the base's files leave the namespace to kustomization.yaml: give it here
        Tools.Result applied = api.kubectl("apply", "-n", ns, "-f", out.resolve("k8s/base/backup-cronjob.yaml").toString());
        assertThat(applied.exitCode()).as(applied.err()).isZero();

        List<String> args = new ArrayList<>(List.of("create", "job", "-n", ns, "--from=cronjob/" + cronJob, jobName,
                "-o", "name"));
        Tools.Result created = api.kubectl(args.toArray(String[]::new));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out().strip()).isEqualTo("job.batch/" + jobName);

        ObjectMapper json = new ObjectMapper();
        JsonNode job = json.readTree(api.kubectl("get", "job", "-n", ns, jobName, "-o", "json").out());
        JsonNode cron = json.readTree(api.kubectl("get", "cronjob", "-n", ns, cronJob, "-o", "json").out());
        JsonNode owner = job.at("/metadata/ownerReferences/0");
        assertThat(owner.path("kind").asText()).isEqualTo("CronJob");
        assertThat(owner.path("name").asText()).isEqualTo(cronJob);
        assertThat(owner.path("uid").asText()).isEqualTo(cron.at("/metadata/uid").asText());
        assertThat(owner.path("controller").asBoolean()).as("the CronJob is the Job's controller").isTrue();
        // the same pod as a scheduled run: the CronJob's own template
        assertThat(job.at("/spec/template/spec/containers/0/image"))
                .isEqualTo(cron.at("/spec/jobTemplate/spec/template/spec/containers/0/image"));

        api.kubectl("delete", "job", "-n", ns, jobName, "--wait=false");
    }
}
