package io.backupgen.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.model.BackupModel;
import io.backupgen.model.ModelBuilder;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.schedule.CronSchedule;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Spec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.Promtool;
import io.backupgen.testing.Repo;
import io.backupgen.testing.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rendered rules as Prometheus reads them: {@code promtool check rules} on every sample's rule
 * groups, and {@code promtool test rules} unit tests whose series and expectations are computed from
 * the same model thresholds the rules were rendered from (nothing hard-coded): each alert fires on a
 * failing series and stays silent on a healthy one.
 */
class PromtoolRulesTest {
    /** Samples and rule evaluations of the schedule scenarios: runs fall on these steps. */
    private static final Duration STEP = Duration.ofMinutes(5);

    static Stream<Path> samples() {
        return Repo.samples().stream();
    }

    /** Every sample's base and environments, with alerts and metrics switched on where the sample has them off. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySamplesRuleGroupsPassPromtoolCheck(Path sample, @TempDir Path dir) {
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        List<BackupModel> models = new ArrayList<>();
        models.add(ModelBuilder.build(withAlertsOn(loaded.spec()), ModelBuilder.Context.of(sample.toString())));
        for (LoadedSpec.Environment env : loaded.environments().values()) {
            models.add(ModelBuilder.build(withAlertsOn(env.spec()),
                    new ModelBuilder.Context(sample.toString(), env.namespace(), env.suspend())));
        }
        for (BackupModel m : models) {
            ObjectNode rules = Promtool.ruleFile(m).orElseThrow();
            Path file = Promtool.write(dir.resolve(m.namespace() + "-rules.yaml"), rules);
            Tools.Result r = Promtool.checkRules(file);
            assertThat(r.exitCode()).as("promtool check rules %s (%s):\n%s%s", sample.getFileName(), m.namespace(),
                    r.out(), r.err()).isZero();
            assertThat(r.out() + r.err()).contains("SUCCESS: " + m.alerts().rules().size() + " rules found");
        }
    }

    @Test
    void theSampleAsRenderedHasTheRulesItsSpecAsksFor() {
        LoadedSpec loaded = load("production");
        BackupModel staging = RenderPipeline.model(loaded, "staging");
        assertThat(alertNames(staging, "monthly")).as("staging suspends monthly on purpose: no too-old alert for it")
                .doesNotContain("BackupTooOld").contains("BackupJobFailed");
        assertThat(staging.alerts().rules()).as("staging turns the suspended alert off")
                .noneMatch(r -> r.alert().endsWith("Suspended"));
        BackupModel base = RenderPipeline.model(loaded);
        assertThat(alertNames(base, "daily")).containsExactly("BackupTooOld", "BackupJobFailed",
                "BackupCronJobSuspended", "BackupSizeDropped");
        assertThat(base.alerts().rules()).extracting(Alerts.Rule::alert).contains("BackupVerificationTooOld",
                "BackupVerificationFailed", "BackupVerificationSuspended", "BackupVolumeFillingUp",
                "BackupVolumeAlmostFull");
        assertThat(base.alerts().rules()).allSatisfy(r -> assertThat(r.annotations().get("runbook_url"))
                .isEqualTo("https://runbooks.example.com/billing-backups#" + r.alert().toLowerCase()));
        assertThat(RenderPipeline.model(load("minimal")).alerts().enabled()).as("off by default").isFalse();
    }

    /**
     * Daily at 01:30 Europe/Berlin, through the spring-forward and fall-back weeks of 2025: nightly
     * successes are silent throughout, even when the night after the switch finishes as late as its
     * deadlines allow; a missed night fires within an hour of the latest it could have been due (the
     * previous run plus the year's longest gap: the threshold must allow the 25-hour autumn night).
     */
    @Test
    void dailyTierInBerlinAcrossBothDstSwitches(@TempDir Path dir) {
        BackupModel m = RenderPipeline.model(load("production"));
        BackupModel.Job job = tier(m, "daily").job();
        MaxAge max = m.alerts().maxAge().get("daily");
        assertThat(max.gap().length()).as("the fall-back night is 25 hours").isEqualTo(Duration.ofHours(25));
        List<ObjectNode> groups = new ArrayList<>();
        for (Instant origin : List.of(Instant.parse("2025-03-26T00:00:00Z"), Instant.parse("2025-10-22T00:00:00Z"))) {
            Instant end = origin.plus(Duration.ofDays(9));
            List<Instant> runs = runs(job, origin.minus(Duration.ofDays(2)), end);
            groups.add(healthy(m, "daily", job, runs, origin, end, STEP, Duration.ofMinutes(30)));
            // Miss the first night after the switch: the last success is the night before.
            Instant missed = runs.stream().filter(r -> r.isAfter(origin.plus(Duration.ofDays(4)))).findFirst().orElseThrow();
            Instant fired = missedRun(m, "daily", job, runs, missed, origin, end, STEP, groups);
            // The threshold must allow the year's longest night (25 hours, autumn), so the alert comes within
            // an hour of the latest the missed run could have been due: the previous run plus that gap.
            Instant previous = runs.get(runs.indexOf(missed) - 1);
            assertThat(Duration.between(previous.plus(max.gap().length()), fired)).as("fired after the latest due time")
                    .isLessThanOrEqualTo(Duration.ofHours(1));
        }
        run(dir, m, groups);
    }

    /** The same in UTC: a missed night is reported within an hour of its slot. */
    @Test
    void dailyTierInUtcFiresWithinAnHourOfAMissedNight(@TempDir Path dir) {
        BackupModel m = ModelBuilder.build(withAlertsOn(load("minimal").spec()), ModelBuilder.Context.of("minimal.yaml"));
        BackupModel.Job job = tier(m, "daily").job();
        Instant origin = Instant.parse("2026-01-05T00:00:00Z");
        Instant end = origin.plus(Duration.ofDays(5));
        List<Instant> runs = runs(job, origin.minus(Duration.ofDays(2)), end);
        List<ObjectNode> groups = new ArrayList<>();
        groups.add(healthy(m, "daily", job, runs, origin, end, STEP, Duration.ofMinutes(30)));
        Instant missed = runs.stream().filter(r -> r.isAfter(origin.plus(Duration.ofDays(2)))).findFirst().orElseThrow();
        Instant fired = missedRun(m, "daily", job, runs, missed, origin, end, STEP, groups);
        assertThat(Duration.between(missed, fired)).as("fired after the missed slot")
                .isLessThanOrEqualTo(Duration.ofHours(1));
        run(dir, m, groups);
    }

    /**
     * Monthly on the 1st at 04:00 Europe/Berlin from December to April: silent on day 30 of January (a
     * 31-day month) and through February even when the run after a long month finishes late; a missed
     * 1 March fires once the age passes the threshold (the longest month plus deadlines).
     */
    @Test
    void monthlyTierAcrossFebruary(@TempDir Path dir) {
        BackupModel m = RenderPipeline.model(load("production"));
        BackupModel.Job job = tier(m, "monthly").job();
        assertThat(m.alerts().maxAge().get("monthly").gap().length()).isEqualTo(Duration.ofDays(31).plusHours(1));
        Instant origin = Instant.parse("2025-12-28T00:00:00Z");
        Instant end = Instant.parse("2026-04-05T00:00:00Z");
        Duration step = Duration.ofMinutes(30);
        List<Instant> runs = runs(job, origin.minus(Duration.ofDays(40)), end);
        List<ObjectNode> groups = new ArrayList<>();
        RuleTests healthy = healthyTests(m, "monthly", job, runs, origin, end, step, Duration.ofHours(6));
        healthy.silent("BackupTooOld", Instant.parse("2026-01-31T04:00:00Z"));
        groups.add(healthy.group());
        Instant missed = Instant.parse("2026-03-01T03:00:00Z"); // 04:00 CET
        assertThat(runs).contains(missed);
        missedRun(m, "monthly", job, runs, missed, origin, end, step, groups);
        run(dir, m, groups);
    }

    /** Failed Jobs, suspension, the volume and the pushed sizes, each on a failing and a healthy series. */
    @Test
    void jobVolumeAndSizeAlertsFireOnFailingSeriesOnly(@TempDir Path dir) {
        BackupModel m = RenderPipeline.model(load("production"));
        String ns = m.namespace();
        Instant o = Instant.parse("2026-01-01T00:00:00Z");
        Instant end = o.plus(Duration.ofDays(8));
        RuleTests t = new RuleTests(o, end, STEP, m.alerts().rules());
        Function<Duration, Instant> at = o::plus;
        String daily = tier(m, "daily").job().name();
        String weekly = tier(m, "weekly").job().name();
        String verify = m.verify().job().name();
        long created = t.seconds(o.minus(Duration.ofDays(100)));

        // daily: succeeded at 1h, a Job started at 2h failed; a success at 26h resolves it.
        String failedJob = daily + "-29460120";
        t.series(sel("kube_cronjob_created", ns, "cronjob", daily), x -> (double) created);
        t.series(sel("kube_cronjob_status_last_successful_time", ns, "cronjob", daily),
                x -> x.isBefore(at.apply(Duration.ofHours(26))) ? 3600d : 93600d);
        t.series(sel("kube_job_owner", ns, "job_name", failedJob, "owner_kind", "CronJob", "owner_name", daily,
                "owner_is_controller", "true"), x -> 1d);
        t.series(sel("kube_job_status_start_time", ns, "job_name", failedJob), x -> 7200d);
        t.series(sel("kube_job_failed", ns, "job_name", failedJob, "condition", "true"),
                x -> x.isBefore(at.apply(Duration.ofMinutes(150))) ? 0d : 1d);
        t.series(sel("kube_job_failed", ns, "job_name", failedJob, "condition", "false"),
                x -> x.isBefore(at.apply(Duration.ofMinutes(150))) ? 1d : 0d);
        // weekly: never succeeded; its first Job failed.
        String weeklyJob = weekly + "-29460240";
        t.series(sel("kube_cronjob_created", ns, "cronjob", weekly), x -> (double) t.seconds(o.minus(Duration.ofDays(1))));
        t.series(sel("kube_job_owner", ns, "job_name", weeklyJob, "owner_kind", "CronJob", "owner_name", weekly,
                "owner_is_controller", "true"), x -> 1d);
        t.series(sel("kube_job_status_start_time", ns, "job_name", weeklyJob), x -> 72000d);
        t.series(sel("kube_job_failed", ns, "job_name", weeklyJob, "condition", "true"),
                x -> x.isBefore(at.apply(Duration.ofHours(21))) ? 0d : 1d);
        // verify: its Job succeeded.
        String verifyJob = verify + "-29460300";
        t.series(sel("kube_cronjob_created", ns, "cronjob", verify), x -> (double) created);
        t.series(sel("kube_cronjob_status_last_successful_time", ns, "cronjob", verify), x -> 7000d);
        t.series(sel("kube_job_owner", ns, "job_name", verifyJob, "owner_kind", "CronJob", "owner_name", verify,
                "owner_is_controller", "true"), x -> 1d);
        t.series(sel("kube_job_status_start_time", ns, "job_name", verifyJob), x -> 6000d);
        t.series(sel("kube_job_failed", ns, "job_name", verifyJob, "condition", "true"), x -> 0d);

        t.silent("BackupJobFailed", at.apply(Duration.ofHours(2)));
        t.firing("BackupJobFailed", "daily", at.apply(Duration.ofHours(3)),
                Map.of("namespace", ns, "owner_name", daily, "job_name", failedJob), 7200);
        t.silent("BackupVerificationFailed", at.apply(Duration.ofHours(3)));
        t.firing("BackupJobFailed", "weekly", at.apply(Duration.ofHours(27)),
                Map.of("namespace", ns, "owner_name", weekly, "job_name", weeklyJob), 72000);

        // suspension: daily suspended from the start (for: suspendedHours), verify never.
        int hours = 24;
        t.series(sel("kube_cronjob_spec_suspend", ns, "cronjob", daily), x -> 1d);
        t.series(sel("kube_cronjob_spec_suspend", ns, "cronjob", verify), x -> 0d);
        t.silent("BackupCronJobSuspended", at.apply(Duration.ofHours(hours - 1)));
        t.firing("BackupCronJobSuspended", "daily", at.apply(Duration.ofHours(hours).plusMinutes(5)),
                Map.of("namespace", ns, "cronjob", daily), 1);

        // volume: mounted 10 minutes a night; the claim loses 10 GiB of free space a day.
        String pvc = m.names().pvc();
        double gib = 1L << 30;
        Function<Instant, Boolean> mounted = x -> Duration.between(o, x).toMinutes() % 1440 >= 120
                && Duration.between(o, x).toMinutes() % 1440 < 130;
        t.series(sel("kubelet_volume_stats_available_bytes", ns, "persistentvolumeclaim", pvc),
                x -> mounted.apply(x) ? (70 - 10 * Duration.between(o, x).toDays()) * gib : null);
        t.series(sel("kubelet_volume_stats_capacity_bytes", ns, "persistentvolumeclaim", pvc),
                x -> mounted.apply(x) ? 100 * gib : null);
        t.series(sel("kubelet_volume_stats_used_bytes", ns, "persistentvolumeclaim", pvc),
                x -> mounted.apply(x) ? (30 + 10 * Duration.between(o, x).toDays()) * gib : null);
        Map<String, String> pvcLabels = Map.of("namespace", ns, "persistentvolumeclaim", pvc);
        t.silent("BackupVolumeFillingUp", at.apply(Duration.ofHours(12)));
        t.firing("BackupVolumeFillingUp", "", at.apply(Duration.ofDays(5).plusHours(12)), pvcLabels, 0);
        t.silent("BackupVolumeAlmostFull", at.apply(Duration.ofDays(4).plusHours(12))); // 70% at its peak
        t.firing("BackupVolumeAlmostFull", "", at.apply(Duration.ofDays(6).plusHours(12)), pvcLabels, 90);

        // pushed sizes: the daily backup shrank to a quarter, the weekly one is as before.
        Map<String, String> dailyPush = Map.of("job", "backupgen", "namespace", ns, "cronjob", daily, "tier", "daily",
                "instance", "");
        t.series(sel("backupgen_backup_size_bytes", dailyPush), x -> 1024d);
        t.series(sel("backupgen_backup_previous_size_bytes", dailyPush), x -> 4096d);
        Map<String, String> weeklyPush = Map.of("job", "backupgen", "namespace", ns, "cronjob", weekly, "tier", "weekly",
                "instance", "");
        t.series(sel("backupgen_backup_size_bytes", weeklyPush), x -> 4000d);
        t.series(sel("backupgen_backup_previous_size_bytes", weeklyPush), x -> 4096d);
        java.util.TreeMap<String, String> fired = new java.util.TreeMap<>(dailyPush);
        fired.remove("instance");
        t.firing("BackupSizeDropped", "daily", at.apply(Duration.ofMinutes(10)), fired, 1024);
        run(dir, m, List.of(t.group()));
    }

    // ---- scenario builders ---------------------------------------------------------------------

    /** A test group in which every run succeeds: early, except the one ending the window's longest gap, which is late. */
    private static ObjectNode healthy(BackupModel m, String tier, BackupModel.Job job, List<Instant> runs,
                                      Instant origin, Instant end, Duration step, Duration every) {
        return healthyTests(m, tier, job, runs, origin, end, step, every).group();
    }

    private static RuleTests healthyTests(BackupModel m, String tier, BackupModel.Job job, List<Instant> runs,
                                          Instant origin, Instant end, Duration step, Duration every) {
        RuleTests t = new RuleTests(origin, end, step, m.alerts().rules());
        List<Instant> done = completions(job, runs, step);
        cronJobSeries(t, m, job, runs, done);
        for (Instant x = origin.plus(every); x.isBefore(end); x = x.plus(every)) {
            t.silent("BackupTooOld", x);
        }
        return t;
    }

    /**
     * A group in which {@code missed} and every later run never happen: silent while the age is at most
     * the threshold, firing one step after. Returns when it fires.
     */
    private static Instant missedRun(BackupModel m, String tier, BackupModel.Job job, List<Instant> runs,
                                     Instant missed, Instant origin, Instant end, Duration step, List<ObjectNode> groups) {
        // Typical runs: each completes one step after its slot.
        List<Instant> done = runs.stream().filter(r -> r.isBefore(missed)).map(r -> r.plus(step)).toList();
        RuleTests t = new RuleTests(origin, end, step, m.alerts().rules());
        cronJobSeries(t, m, job, runs.stream().filter(r -> r.isBefore(missed)).toList(), done);
        Instant last = done.get(done.size() - 1);
        long threshold = m.alerts().maxAge().get(tier).idleSeconds(); // no Job runs: the missed one never started
        Instant limit = last.plusSeconds(threshold);
        // "> threshold": the first evaluation (one per step from the origin) past the limit.
        long k = Duration.between(origin, limit).toSeconds() / step.toSeconds();
        Instant atLimit = origin.plus(step.multipliedBy(k));
        Instant fires = atLimit.plus(step);
        assertThat(fires).as("the window must cover the firing").isBefore(end);
        t.silent("BackupTooOld", missed.plusSeconds(job.startingDeadlineSeconds()));
        t.silent("BackupTooOld", atLimit);
        Map<String, String> labels = new java.util.HashMap<>(Map.of("cronjob", job.name()));
        if (!m.namespace().isEmpty()) {
            labels.put("namespace", m.namespace());
        }
        t.firing("BackupTooOld", tier, fires, labels, Duration.between(last, fires).toSeconds());
        groups.add(t.group());
        return fires;
    }

    /**
     * When each run's Job completes: a minute (one step) after its slot, except the run that ends the
     * longest gap among these runs, which completes one step before its deadlines would kill it.
     */
    private static List<Instant> completions(BackupModel.Job job, List<Instant> runs, Duration step) {
        Duration longest = Duration.ZERO;
        for (int i = 1; i < runs.size(); i++) {
            Duration g = Duration.between(runs.get(i - 1), runs.get(i));
            longest = g.compareTo(longest) > 0 ? g : longest;
        }
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            boolean late = i > 0 && Duration.between(runs.get(i - 1), runs.get(i)).equals(longest);
            out.add(late ? deadline(job, runs.get(i)).minus(step) : runs.get(i).plus(step));
        }
        return out;
    }

    /** kube-state-metrics' view of the CronJob: created long ago, last success, Jobs running (start to completion). */
    private static void cronJobSeries(RuleTests t, BackupModel m, BackupModel.Job job, List<Instant> starts,
                                      List<Instant> done) {
        t.series(sel("kube_cronjob_created", m.namespace(), "cronjob", job.name()),
                x -> (double) t.seconds(done.get(0).minus(Duration.ofDays(400))));
        t.series(sel("kube_cronjob_status_last_successful_time", m.namespace(), "cronjob", job.name()), x -> {
            Instant latest = null;
            for (Instant d : done) {
                if (!d.isAfter(x)) {
                    latest = d;
                }
            }
            return latest == null ? null : (double) t.seconds(latest);
        });
        t.series(sel("kube_cronjob_status_active", m.namespace(), "cronjob", job.name()), x -> {
            for (int i = 0; i < done.size(); i++) {
                if (!x.isBefore(starts.get(i)) && x.isBefore(done.get(i))) {
                    return 1d;
                }
            }
            return 0d;
        });
    }

    private static Instant deadline(BackupModel.Job job, Instant run) {
        return run.plusSeconds(job.startingDeadlineSeconds() + (long) job.activeDeadlineSeconds());
    }

    private static List<Instant> runs(BackupModel.Job job, Instant from, Instant until) {
        return CronSchedule.kubernetes(job.schedule(), job.timeZone()).runs(from, until).stream()
                .map(ZonedDateTime::toInstant).toList();
    }

    /**
     * Runs the groups against the rendered rules, keeping only the rules of the alerts the groups assert
     * (the same rendered text; fewer rules keep months of simulated minutes fast), evaluated every step.
     */
    private static void run(Path dir, BackupModel m, List<ObjectNode> groups) {
        java.util.Set<String> asserted = new java.util.HashSet<>();
        groups.forEach(g -> g.path("alert_rule_test").forEach(a -> asserted.add(a.path("alertname").asText())));
        ObjectNode rules = Promtool.ruleFile(m).orElseThrow();
        rules.path("groups").forEach(g -> {
            com.fasterxml.jackson.databind.node.ArrayNode kept = Promtool.array();
            g.path("rules").forEach(r -> {
                if (asserted.contains(r.path("alert").asText())) {
                    kept.add(r);
                }
            });
            ((ObjectNode) g).set("rules", kept);
        });
        Promtool.write(dir.resolve("rules.yaml"), rules);
        ObjectNode tests = Promtool.object();
        tests.putArray("rule_files").add("rules.yaml");
        tests.put("evaluation_interval", groups.get(0).path("interval").asText());
        groups.forEach(tests.putArray("tests")::add);
        Path file = Promtool.write(dir.resolve("tests.yaml"), tests);
        Tools.Result r = Promtool.testRules(file);
        assertThat(r.exitCode()).as("promtool test rules:\n%s%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("SUCCESS");
    }

    // ---- small helpers -------------------------------------------------------------------------

    private static String sel(String metric, String ns, String... pairs) {
        java.util.LinkedHashMap<String, String> l = new java.util.LinkedHashMap<>();
        if (!ns.isEmpty()) {
            l.put("namespace", ns);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            l.put(pairs[i], pairs[i + 1]);
        }
        return sel(metric, l);
    }

    private static String sel(String metric, Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(metric).append('{');
        new java.util.TreeMap<>(labels).forEach((k, v) -> sb.append(sb.charAt(sb.length() - 1) == '{' ? "" : ", ")
                .append(k).append("=\"").append(v).append('"'));
        return sb.append('}').toString();
    }

    private static List<String> alertNames(BackupModel m, String tier) {
        String cronJob = "\"" + tier(m, tier).job().name() + "\"";
        return m.alerts().rules().stream().filter(r -> r.expr().contains(cronJob)).map(Alerts.Rule::alert).toList();
    }

    private static BackupModel.Tier tier(BackupModel m, String name) {
        return m.tiers().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static LoadedSpec load(String sample) {
        Path p = Repo.root().resolve("samples/" + sample + ".yaml");
        return SpecLoader.forSpecFile(p).load(p);
    }

    /** The spec with the PrometheusRule and the metrics push switched on (a sample may leave them off). */
    static Spec withAlertsOn(Spec s) {
        Spec.Alerts a = s.alerts();
        return new Spec(s.project(), s.database(), s.image(), s.tiers(), s.storage(), s.backup(), s.restore(),
                s.verify(), s.security(), s.pod(), s.serviceAccount(), s.networkPolicy(), new Spec.Alerts(true, a.ruleLabels(), a.runbookBaseUrl(), a.marginMinutes(),
                a.suspendedHours(), a.volumeFullDays(), a.volumeUsedPercent(), a.sizeDropPercent()),
                s.metrics().pushgatewayUrl().isEmpty() ? new Spec.Metrics("http://pushgateway.monitoring:9091")
                        : s.metrics(), s.snapshots(), s.velero(), s.offsite());
    }
}
