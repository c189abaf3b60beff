package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.BackupSource;
import io.backupgen.model.OneOffJobs;
import io.backupgen.pipeline.JobPipeline;
import io.backupgen.render.Manifests;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeSchemas;
import io.backupgen.testing.Repo;
import io.backupgen.testing.SharedSchemas;
import io.backupgen.validate.Validator;
import io.backupgen.validate.ValidatorOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Jobs {@code backupgen restore|list|backup-now} print: valid under the strict schemas and accepted by
 * the real API server, built from the same model as the CronJobs, deterministic under a fixed clock, and
 * refused with a clear message (exit 2, nothing printed) when the choice cannot be honoured. Running their
 * containers against a real PostgreSQL is {@code scripts.PrintedJobsRunTest}.
 */
class PrintedJobsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:04:05Z");
    private static final Path PRODUCTION = Repo.root().resolve("samples/production.yaml");
    private static final Path MINIMAL = Repo.root().resolve("samples/minimal.yaml");

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    private static CliRun print(String... args) {
        return CliRun.at(NOW, args);
    }

    private static CliRun strict(String version, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--kubernetes-version", version));
        all.addAll(SharedSchemas.args());
        return print(all.toArray(String[]::new));
    }

    private static ObjectNode job(CliRun r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<ObjectNode> docs = Manifests.parse(r.out());
        assertThat(docs).as(r.out()).hasSize(1);
        assertThat(docs.get(0).path("kind").asText()).isEqualTo("Job");
        return docs.get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyPrintedJobPassesTheStrictSchemasAndTheApiServer(Path sample) {
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        List<String> envs = new ArrayList<>();
        envs.add(null);
        envs.addAll(loaded.environmentNames());
        KubeApiServer api = KubeApiServer.shared();
        List<String> rejected = new ArrayList<>();
        int jobs = 0;
        for (String env : envs) {
            List<String> envArgs = env == null ? List.of() : List.of("--env", env);
            BackupModel m = JobPipeline.model(loaded, env);
            List<List<String>> commands = List.of(
                    List.of("restore"),
                    List.of("restore", "--file", m.database().name() + "_weekly_20261101_030000.dump", "--target-db",
                            "restore_check", "--create-db", "--force", "--no-backup-first", "--no-owner",
                            "--jobs", "4", "--with-globals", "--check-rows"),
                    List.of("list"),
                    List.of("backup-now", "--tier", OneOffJobs.enabledTiers(m).get(0)));
            for (List<String> command : commands) {
                // Both schema versions for the spec itself; the default one for each environment (time).
                for (String version : env == null ? KubeSchemas.VERSIONS : KubeSchemas.VERSIONS.subList(0, 1)) {
                    List<String> args = new ArrayList<>(command);
                    args.addAll(List.of("-f", sample.toString()));
                    args.addAll(envArgs);
                    ObjectNode job = job(strict(version.substring(1), args.toArray(String[]::new)));
                    assertThat(job.path("metadata").path("namespace").asText()).isEqualTo(m.namespace());
                    if (version.equals(KubeSchemas.VERSIONS.get(0))) {
                        jobs++;
                        KubeApiServer.Verdict v = api.dryRun(job);
                        if (!v.accepted()) {
                            rejected.add(args + ": " + v);
                        }
                    }
                }
            }
        }
        assertThat(jobs).isGreaterThanOrEqualTo(4);
        assertThat(rejected).as("printed Jobs the API server refused").isEmpty();
    }

    @Test
    void theDefaultNameComesFromTheClockAndTheOutputIsDeterministic() {
        CliRun first = print("restore", "-f", MINIMAL.toString());
        CliRun second = print("restore", "-f", MINIMAL.toString());
        assertThat(job(first).path("metadata").path("name").asText()).isEqualTo("acme-shop-restore-20261122030405");
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(job(print("list", "-f", MINIMAL.toString())).path("metadata").path("name").asText())
                .isEqualTo("acme-shop-list-20261122030405");
        // The longest slug (37 characters) still gives a Job name of at most 63.
        ObjectNode longest = job(print("backup-now", "-f", Repo.root().resolve("samples/long-names.yaml").toString(),
                "--tier", "monthly"));
        assertThat(longest.path("metadata").path("name").asText())
                .isEqualTo("northwind-wholesale-distribution-rpts-backup-now-20261122030405").hasSize(63);
        assertThat(job(print("restore", "-f", MINIMAL.toString(), "--name", "acme-restore-incident-42"))
                .path("metadata").path("name").asText()).isEqualTo("acme-restore-incident-42");
    }

    @Test
    void theRestoreJobStatesTheOperatorsChoicesAsLiterals() {
        CliRun r = print("restore", "-f", PRODUCTION.toString(), "--env", "production", "--file",
                "billing_daily_20261121_013000.dump", "--target-db", "billing_check", "--create-db", "--no-owner",
                "--jobs", "3", "--check-rows");
        ObjectNode job = job(r);
        Map<String, String> literals = new LinkedHashMap<>();
        for (JsonNode e : container(job).path("env")) {
            if (e.has("value")) {
                literals.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        assertThat(literals).containsEntry("RESTORE_FILE", "billing_daily_20261121_013000.dump")
                .containsEntry("RESTORE_TARGET_DB", "billing_check").containsEntry("RESTORE_CREATE_DB", "true")
                .containsEntry("RESTORE_FORCE", "false").containsEntry("RESTORE_BACKUP_FIRST", "true")
                .containsEntry("RESTORE_NO_OWNER", "true").containsEntry("RESTORE_NO_PRIVILEGES", "false")
                .containsEntry("RESTORE_JOBS", "3").containsEntry("RESTORE_WITH_GLOBALS", "false")
                .containsEntry("RESTORE_CHECK_ROWS", "true");
        assertThat(job.path("metadata").path("namespace").asText()).isEqualTo("billing-prod");
        assertThat(r.out()).startsWith("# Job billing-restore-20261122030405: printed by 'backupgen restore' from"
                        + " production.yaml (environment production) for Billing Platform.\n")
                .contains("# Restores billing_daily_20261121_013000.dump from the backup volume billing-backup-pvc into"
                                + " database billing_check"
                        + " (created if missing).\n", "NOT one transaction",
                        "# Follow it:  kubectl logs -n billing-prod -f --pod-running-timeout=5m"
                                + " job/billing-restore-20261122030405\n");
        assertThat(literals.keySet()).doesNotContain("PGPASSWORD"); // a Secret reference, never a value
    }

    @Test
    void printedJobsAreTheCronJobsTwins() {
        List<ObjectNode> rendered = Manifests.parse(CliRun.of("render", "-f", PRODUCTION.toString(), "--env",
                "production", "--stdout").out());
        ObjectNode now = job(print("backup-now", "-f", PRODUCTION.toString(), "--env", "production", "--tier",
                "weekly"));
        JsonNode cron = find(rendered, "CronJob", "billing-backup-weekly").path("spec").path("jobTemplate");
        ObjectNode nowSpec = now.path("spec").deepCopy();
        assertThat(nowSpec.remove("ttlSecondsAfterFinished").asInt()).isEqualTo(7 * 24 * 3600);
        assertThat(nowSpec).isEqualTo(cron.path("spec"));
        assertThat(now.path("metadata").path("labels")).isEqualTo(cron.path("metadata").path("labels"));

        // The restore Job: the restore CronJob's pod, with the operator's choices in its environment.
        ObjectNode restore = job(print("restore", "-f", PRODUCTION.toString(), "--env", "production"));
        ObjectNode restorePod = restore.path("spec").path("template").path("spec").deepCopy();
        ObjectNode cronPod = find(rendered, "CronJob", "billing-backup-restore").path("spec").path("jobTemplate")
                .path("spec").path("template").path("spec").deepCopy();
        ((ObjectNode) restorePod.path("containers").get(0)).remove("env");
        ((ObjectNode) cronPod.path("containers").get(0)).remove("env");
        assertThat(restorePod).isEqualTo(cronPod);

        // One-dump mode: backing up now is the one CronJob's run, which files into weekly and monthly.
        Path single = Repo.root().resolve("samples/single.yaml");
        ObjectNode oneDump = job(print("backup-now", "-f", single.toString(), "--env", "production", "--tier", "daily"));
        JsonNode singleCron = find(Manifests.parse(CliRun.of("render", "-f", single.toString(), "--env", "production",
                "--stdout").out()), "CronJob", "ledger-backup").path("spec").path("jobTemplate");
        ObjectNode oneDumpSpec = oneDump.path("spec").deepCopy();
        oneDumpSpec.remove("ttlSecondsAfterFinished");
        assertThat(oneDumpSpec).isEqualTo(singleCron.path("spec"));
        CliRun weekly = print("backup-now", "-f", single.toString(), "--tier", "weekly");
        assertThat(weekly.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(weekly.err()).contains("takes every backup with one CronJob (tiers.mode: single)", "use --tier daily");

        // list only reads: the volume is mounted read-only, and it gets no credentials.
        ObjectNode list = job(print("list", "-f", PRODUCTION.toString()));
        JsonNode listContainer = container(list);
        assertThat(listContainer.path("volumeMounts").get(0).path("readOnly").asBoolean()).isTrue();
        assertThat(listContainer.path("env").toString()).doesNotContain("secretKeyRef");
        assertThat(listContainer.path("command").toString()).isEqualTo("[\"/bin/sh\",\"/scripts/list.sh\"]");
    }

    @Test
    void choicesTheSpecCannotHonourAreRefusedWithExitTwoAndNothingPrinted() {
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("restore", "--from", "offsite"), "off-site storage is not configured in minimal.yaml");
        cases.put(List.of("restore", "--from", "tape"), "unknown backup source 'tape'");
        cases.put(List.of("restore", "--no-owner"), "--no-owner needs a custom-format backup (.dump)");
        cases.put(List.of("restore", "--jobs", "2", "--file", "acme_shop_daily_20261101_020000.sql.gz"),
                "--jobs 2 needs a custom-format backup (.dump), but acme_shop_daily_20261101_020000.sql.gz is plain SQL");
        cases.put(List.of("restore", "--file", "../etc/passwd.sql.gz"), "--file takes a file name on the backup volume");
        cases.put(List.of("restore", "--file", "acme_shop_daily_20261101_020000.globals.sql.gz"),
                "holds roles, not a database: restore its database's backup with --with-globals");
        cases.put(List.of("restore", "--tier", "hourly"), "--tier 'hourly' is not a tier");
        cases.put(List.of("restore", "--file", "a.dump", "--tier", "daily"), "mutually exclusive");
        cases.put(List.of("restore", "--target-db", "x".repeat(64)), "is not a PostgreSQL database name");
        cases.put(List.of("restore", "--env", "prod"), "unknown environment 'prod'; minimal.yaml defines: production, staging");
        cases.put(List.of("list", "--name", "Restore_1"), "--name 'Restore_1' is not a valid Job name");
        cases.put(List.of("backup-now", "--env", "staging", "--tier", "monthly"),
                "--tier 'monthly' is not an enabled tier of minimal.yaml; enabled: daily, weekly");
        cases.put(List.of("backup-now"), "Missing required option: '--tier=TIER'");
        cases.forEach((args, message) -> {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of("-f", MINIMAL.toString()));
            CliRun r = print(all.toArray(String[]::new));
            assertThat(r.exitCode()).as(args + "\n" + r).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(args.toString()).contains(message).doesNotContain("Exception");
            assertThat(r.out()).as(args.toString()).isEmpty();
        });
    }

    /**
     * The seam the off-site source (issue 9) will use: a source changes the Job (here: a fetch init
     * container and a scratch volume), the builder and its callers stay as they are, and the result is a
     * valid Job whose init container has the pod's security and mounts.
     */
    @Test
    void aBackupSourceAddsAnInitContainerWithoutChangingTheBuilder() {
        BackupSource fetching = new BackupSource() {
            @Override
            public String name() {
                return "test-fetch";
            }

            @Override
            public BackupModel.Job readFrom(BackupModel.Job job) {
                BackupModel.PodExtras extras = job.extras()
                        .withScratch(new BackupModel.Scratch("fetched", "/fetched", "20Gi"))
                        .withInitContainer(new BackupModel.InitContainer("fetch", "fetch.sh",
                                List.of(BackupModel.EnvVar.literal("FETCH_TO", "/fetched")), job.resources()));
                List<BackupModel.EnvVar> env = new ArrayList<>(job.env());
                env.replaceAll(e -> e.name().equals("BACKUP_DIR") ? BackupModel.EnvVar.literal("BACKUP_DIR", "/fetched") : e);
                return job.withExtras(extras).withEnv(env);
            }
        };
        LoadedSpec loaded = SpecLoader.forSpecFile(PRODUCTION).load(PRODUCTION);
        BackupModel m = JobPipeline.model(loaded, "production");
        BackupModel.Job job = OneOffJobs.restore(m, "billing-restore-fetched",
                new OneOffJobs.Restore(null, "daily", "billing", false, false, true, false, false, 1, false, false),
                fetching);
        Validator strict = new Validator(ValidatorOptions.defaults().withSchemaLocations(SharedSchemas.location()));
        JobPipeline.Printed printed = JobPipeline.print(m, job, List.of("test"), strict);
        assertThat(printed.report().ok()).as(printed.report().findings().toString()).isTrue();
        ObjectNode object = Manifests.parse(printed.yaml()).get(0);
        assertThat(KubeApiServer.shared().dryRun(object).accepted()).isTrue();
        JsonNode pod = object.path("spec").path("template").path("spec");
        JsonNode init = pod.path("initContainers").get(0);
        JsonNode main = pod.path("containers").get(0);
        assertThat(init.path("command").toString()).isEqualTo("[\"/bin/sh\",\"/scripts/fetch.sh\"]");
        assertThat(init.path("securityContext")).isEqualTo(main.path("securityContext"));
        assertThat(init.path("volumeMounts")).isEqualTo(main.path("volumeMounts"));
        assertThat(init.path("image")).isEqualTo(main.path("image"));
        assertThat(main.path("volumeMounts").toString()).contains("\"mountPath\":\"/fetched\"");
        assertThat(pod.path("volumes").toString()).contains("{\"name\":\"fetched\",\"emptyDir\":{\"sizeLimit\":\"20Gi\"}}");
    }

    private static JsonNode container(JsonNode job) {
        return job.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static JsonNode find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.path("metadata").path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
