package io.backupgen.alerts;

import io.backupgen.spec.Spec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the alerting rules from the model's jobs and their thresholds. Every rule reads series that
 * kube-state-metrics (v2.3 or newer: {@code kube_cronjob_status_last_successful_time}) and the
 * kubelet export, except the size alert, which reads what the Jobs push to a Pushgateway.
 *
 * <p>Each rule is a small function of its inputs, so the promtool tests can aim at one rule, and the
 * Helm chart's template ({@code templates/helm/chart/templates/backup-prometheusrule.yaml}) writes
 * the same text from the chart's values (the Helm tests compare both outputs field by field).
 * Selectors name the CronJob exactly and, when the model has one, the namespace; with no namespace
 * (the base leaves it to {@code kubectl -n}) a CronJob of the same name in another namespace would
 * alert separately, naming its own namespace.
 */
public final class AlertRules {
    /**
     * None: the age only grows, so waiting adds delay and no certainty; the margin already covers the
     * delay of kube-state-metrics.
     */
    static final String STALE_FOR = "";
    static final String VOLUME_FULL_FOR = "1h";
    static final String VOLUME_USED_FOR = "5m";
    /** The window the volume's growth trend is read over: a week of backups. */
    static final String TREND_RANGE = "7d";

    private AlertRules() {
    }

    /**
     * One CronJob the rules watch.
     *
     * @param tier            label {@code tier}: the backup tier, or for verification the tier it verifies
     * @param cronJob         the CronJob's name
     * @param maxAge          its threshold; null when its schedule never runs (no "too old" alert then)
     * @param suspendedOnPurpose rendered suspended by the spec: no "too old" and no "suspended" alert
     */
    public record Watched(String tier, String cronJob, MaxAge maxAge, boolean suspendedOnPurpose) {
    }

    /**
     * @param namespace empty when the base leaves it open
     * @param pushgateway whether the Jobs push metrics (the size alert needs them)
     * @param verify    null when verification is disabled
     */
    public record Input(Spec.Alerts spec, boolean pushgateway, String projectName, String namespace, String pvc,
                        List<Watched> backups, Watched verify) {
    }

    /**
     * A CronJob as the model schedules it, the input of its threshold.
     *
     * @param tier    the backup tier, or for verification the tier it verifies
     * @param suspend rendered suspended (on purpose: by the spec or the environment)
     */
    public record Scheduled(String tier, String cronJob, String schedule, String timeZone, int startingDeadlineSeconds,
                            int activeDeadlineSeconds, boolean suspend) {
        Watched watched(int marginSeconds) {
            MaxAge m = MaxAge.of(schedule, timeZone, startingDeadlineSeconds, activeDeadlineSeconds, marginSeconds)
                    .orElse(null);
            return new Watched(tier, cronJob, m, suspend);
        }
    }

    /**
     * The alerting model of one rendered set (the base or an environment).
     *
     * @param backups the enabled tiers' CronJobs
     * @param verify  the verification CronJob, null when disabled
     */
    public static Alerts build(Spec.Alerts spec, boolean pushgateway, String projectName, String slug,
                               String namespace, String pvc, List<Scheduled> backups, Scheduled verify) {
        return build(spec, pushgateway, projectName, slug, namespace, pvc, backups, List.of(), verify);
    }

    /**
     * @param filed tiers one-dump mode files from the first of {@code backups}' dumps (weekly, monthly):
     *              they get a threshold (for verification) but no rule, since no CronJob of theirs exists
     */
    public static Alerts build(Spec.Alerts spec, boolean pushgateway, String projectName, String slug,
                               String namespace, String pvc, List<Scheduled> backups, List<String> filed,
                               Scheduled verify) {
        int margin = spec.marginMinutes() * 60;
        List<Watched> watched = backups.stream().map(b -> b.watched(margin)).toList();
        Watched v = verify == null ? null : verify.watched(margin);
        Map<String, MaxAge> maxAge = new LinkedHashMap<>();
        for (Watched w : watched) {
            if (w.maxAge() != null) {
                maxAge.put(w.tier(), w.maxAge());
            }
        }
        for (String tier : filed) {
            Scheduled from = backups.get(0);
            MaxAge.filed(tier, from.schedule(), from.timeZone(), from.startingDeadlineSeconds(),
                    from.activeDeadlineSeconds(), margin).ifPresent(m -> maxAge.put(tier, m));
        }
        if (v != null && v.maxAge() != null) {
            maxAge.put("verify", v.maxAge());
        }
        Input in = new Input(spec, pushgateway, projectName, namespace, pvc, watched, v);
        return new Alerts(spec.enabled(), slug + "-backup-alerts", ruleLabels(spec), slug + "-backup", rules(in),
                java.util.Collections.unmodifiableMap(maxAge));
    }

    public static List<Alerts.Rule> rules(Input in) {
        List<Alerts.Rule> out = new ArrayList<>();
        for (Watched w : in.backups()) {
            if (w.maxAge() != null && !w.suspendedOnPurpose()) {
                out.add(tooOld(in, "BackupTooOld", w, "backup"));
            }
        }
        if (in.verify() != null && in.verify().maxAge() != null && !in.verify().suspendedOnPurpose()) {
            out.add(tooOld(in, "BackupVerificationTooOld", in.verify(), "verification"));
        }
        for (Watched w : in.backups()) {
            out.add(failed(in, "BackupJobFailed", w, "backup"));
        }
        if (in.verify() != null) {
            out.add(failed(in, "BackupVerificationFailed", in.verify(), "verification"));
        }
        if (in.spec().suspendedHours() > 0) {
            for (Watched w : in.backups()) {
                if (!w.suspendedOnPurpose()) {
                    out.add(suspended(in, "BackupCronJobSuspended", w));
                }
            }
            if (in.verify() != null && !in.verify().suspendedOnPurpose()) {
                out.add(suspended(in, "BackupVerificationSuspended", in.verify()));
            }
        }
        if (in.spec().volumeFullDays() > 0) {
            out.add(volumeFillingUp(in));
        }
        if (in.spec().volumeUsedPercent() > 0) {
            out.add(volumeAlmostFull(in));
        }
        if (in.pushgateway() && in.spec().sizeDropPercent() > 0) {
            for (Watched w : in.backups()) {
                out.add(sizeDropped(in, w));
            }
        }
        return List.copyOf(out);
    }

    private static List<Watched> watched(Input in) {
        List<Watched> all = new ArrayList<>(in.backups());
        if (in.verify() != null) {
            all.add(in.verify());
        }
        return all;
    }

    /** {@code {namespace="ns", cronjob="name"}}: the namespace only when the model has one. */
    static String selector(String namespace, String... pairs) {
        StringBuilder sb = new StringBuilder("{");
        if (!namespace.isEmpty()) {
            sb.append("namespace=\"").append(namespace).append('"');
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"").append(pairs[i + 1]).append('"');
        }
        return sb.append('}').toString();
    }

    /**
     * No success for longer than the threshold, or for longer than the idle threshold while no Job of
     * the CronJob is running (a due run that has not even started); a CronJob that never succeeded
     * counts from its creation (kube-state-metrics has no last-success series for it).
     */
    static Alerts.Rule tooOld(Input in, String alert, Watched w, String what) {
        String cj = selector(in.namespace(), "cronjob", w.cronJob());
        long t = w.maxAge().seconds();
        long idle = w.maxAge().idleSeconds();
        String age = "(time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time" + cj + "))";
        String expr = "(\n  " + age + " > " + idle
                + "\n  and on (namespace, cronjob) max by (namespace, cronjob) (kube_cronjob_status_active" + cj + ") == 0"
                + "\n)\nor\n" + age + " > " + t
                + "\nor\n(\n  (time() - max by (namespace, cronjob) (kube_cronjob_created" + cj + ")) > " + t
                + "\n  unless on (namespace, cronjob) kube_cronjob_status_last_successful_time" + cj + "\n)";
        String summary = in.projectName() + ": no successful " + w.tier() + " " + what + " for too long";
        String description = "CronJob " + w.cronJob() + " in namespace {{ $labels.namespace }} has had no successful"
                + " run for {{ $value | humanizeDuration }}; its schedule allows at most {{ " + idle
                + " | humanizeDuration }} while no Job runs and {{ " + t + " | humanizeDuration }} while one does"
                + " (longest gap between runs + startingDeadlineSeconds [+ activeDeadlineSeconds] + margin).";
        return rule(in, alert, expr, STALE_FOR, "critical", w.tier(), summary, description);
    }

    /**
     * A Job of the CronJob failed (its Failed condition: retries or deadline exhausted) and no run of
     * the CronJob succeeded after it started. Failed Jobs stay in the CronJob's history, so without the
     * comparison with the last success the alert would outlive the next good night; a CronJob that
     * never succeeded compares with 0 (its creation series times zero).
     */
    static Alerts.Rule failed(Input in, String alert, Watched w, String what) {
        String ns = in.namespace().isEmpty() ? "" : selector(in.namespace());
        String nsPrefix = in.namespace().isEmpty() ? "" : "namespace=\"" + in.namespace() + "\", ";
        String cj = selector(in.namespace(), "cronjob", w.cronJob());
        String expr = "max by (namespace, owner_name, job_name) (\n"
                + "  max by (namespace, job_name) (kube_job_status_start_time" + ns + ")\n"
                + "  * on (namespace, job_name) group_left (owner_name)\n"
                + "    max by (namespace, job_name, owner_name) (kube_job_owner{" + nsPrefix
                + "owner_kind=\"CronJob\", owner_name=\"" + w.cronJob() + "\"})\n"
                + "  * on (namespace, job_name) group_left ()\n"
                + "    max by (namespace, job_name) (kube_job_failed{" + nsPrefix + "condition=\"true\"} == 1)\n"
                + ")\n"
                + "> on (namespace, owner_name) group_left ()\n"
                + "label_replace(\n"
                + "  max by (namespace, cronjob) (kube_cronjob_status_last_successful_time" + cj + ")\n"
                + "  or on (namespace, cronjob)\n"
                + "  max by (namespace, cronjob) (kube_cronjob_created" + cj + ") * 0,\n"
                + "  \"owner_name\", \"$1\", \"cronjob\", \"(.+)\"\n"
                + ")";
        String summary = in.projectName() + ": a " + w.tier() + " " + what + " Job failed";
        String description = "Job {{ $labels.job_name }} of CronJob " + w.cronJob()
                + " in namespace {{ $labels.namespace }} failed, and no run has succeeded since it started."
                + " Its pods' logs: kubectl -n {{ $labels.namespace }} logs job/{{ $labels.job_name }}";
        return rule(in, alert, expr, "", "critical", w.tier(), summary, description);
    }

    static Alerts.Rule suspended(Input in, String alert, Watched w) {
        String expr = "max by (namespace, cronjob) (kube_cronjob_spec_suspend"
                + selector(in.namespace(), "cronjob", w.cronJob()) + ") == 1";
        String summary = in.projectName() + ": CronJob " + w.cronJob() + " is suspended";
        String description = "CronJob " + w.cronJob() + " in namespace {{ $labels.namespace }} has been suspended for"
                + " more than " + in.spec().suspendedHours() + " hours: it starts no Jobs. Resume it with"
                + " kubectl -n {{ $labels.namespace }} patch cronjob " + w.cronJob()
                + " -p '{\"spec\":{\"suspend\":false}}'";
        return rule(in, alert, expr, in.spec().suspendedHours() + "h", "warning", w.tier(),
                summary, description);
    }

    /**
     * The volume's metrics exist only while a pod mounts it (a backup or verification run), so the
     * trend is read from the lowest free space seen over each {@link #volumeWindow} (within which a
     * healthy schedule always mounts it), sampled hourly over a week: a continuous series between runs.
     */
    static Alerts.Rule volumeFillingUp(Input in) {
        String pvc = selector(in.namespace(), "persistentvolumeclaim", in.pvc());
        int days = in.spec().volumeFullDays();
        String expr = "min by (namespace, persistentvolumeclaim) (\n  predict_linear(min_over_time("
                + "kubelet_volume_stats_available_bytes" + pvc + "[" + volumeWindow(in) + "])[" + TREND_RANGE
                + ":1h], " + days * 86400L + ")\n) < 0";
        String summary = in.projectName() + ": backup volume " + in.pvc() + " will be full within " + days + " days";
        String description = "PersistentVolumeClaim " + in.pvc() + " in namespace {{ $labels.namespace }} fills up"
                + " at the rate of the last 7 days: full within " + days + " days. Backups fail once it is full.";
        return rule(in, "BackupVolumeFillingUp", expr, VOLUME_FULL_FOR, "warning", "", summary, description);
    }

    static Alerts.Rule volumeAlmostFull(Input in) {
        String pvc = selector(in.namespace(), "persistentvolumeclaim", in.pvc());
        int percent = in.spec().volumeUsedPercent();
        String window = volumeWindow(in);
        String expr = "max by (namespace, persistentvolumeclaim) (\n  max_over_time(kubelet_volume_stats_used_bytes"
                + pvc + "[" + window + "])\n  / max_over_time(kubelet_volume_stats_capacity_bytes" + pvc + "["
                + window + "])\n) * 100 > " + percent;
        String summary = in.projectName() + ": backup volume " + in.pvc() + " is more than " + percent + "% full";
        String description = "PersistentVolumeClaim " + in.pvc() + " in namespace {{ $labels.namespace }} was"
                + " {{ $value | humanize }}% full at its peak in the last " + window + " (alert above " + percent
                + "%).";
        return rule(in, "BackupVolumeAlmostFull", expr, VOLUME_USED_FOR, "warning", "", summary, description);
    }

    /** Needs the Jobs' own metrics: the previous size of the tier is pushed with the new one. */
    static Alerts.Rule sizeDropped(Input in, Watched w) {
        String sel = selector(in.namespace(), "job", "backupgen", "cronjob", w.cronJob());
        BigDecimal ratio = BigDecimal.valueOf(in.spec().sizeDropPercent()).movePointLeft(2).stripTrailingZeros();
        String expr = "backupgen_backup_size_bytes" + sel + "\n< " + ratio.toPlainString()
                + " * backupgen_backup_previous_size_bytes" + sel;
        String summary = in.projectName() + ": the newest " + w.tier() + " backup is much smaller than the previous one";
        String description = "The newest backup of CronJob " + w.cronJob() + " in namespace {{ $labels.namespace }}"
                + " is {{ $value | humanize1024 }}B, less than " + in.spec().sizeDropPercent()
                + "% of the previous " + w.tier() + " backup. Was data deleted from the database?";
        return rule(in, "BackupSizeDropped", expr, "", "warning", w.tier(), summary, description);
    }

    /**
     * How far back the volume's last figures are read: its metrics exist only while a pod mounts it, and
     * the job that mounts it most often does so at least once per its own threshold while healthy. So the
     * shortest threshold of the jobs that mount it, in whole hours (a day when none is known). A longer
     * window would keep an alert firing long after the volume was cleaned up or grown.
     */
    static String volumeWindow(Input in) {
        long seconds = Long.MAX_VALUE;
        for (Watched w : watched(in)) {
            if (w.maxAge() != null && !w.suspendedOnPurpose()) {
                seconds = Math.min(seconds, w.maxAge().seconds());
            }
        }
        if (seconds == Long.MAX_VALUE) {
            seconds = 86400;
        }
        return (seconds + 3599) / 3600 + "h";
    }

    private static Alerts.Rule rule(Input in, String alert, String expr, String forDuration, String severity,
                                    String tier, String summary, String description) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("severity", severity);
        if (!tier.isEmpty()) {
            labels.put("tier", tier);
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", summary);
        annotations.put("description", description);
        String base = in.spec().runbookBaseUrl();
        if (base != null && !base.isEmpty()) {
            annotations.put("runbook_url", base + "#" + alert.toLowerCase(Locale.ROOT));
        }
        return new Alerts.Rule(alert, expr, forDuration, labels, annotations);
    }

    /** The PrometheusRule's own labels: the spec's, sorted, so output is stable. */
    static Map<String, String> ruleLabels(Spec.Alerts spec) {
        return spec.ruleLabels() == null ? Map.of() : new TreeMap<>(spec.ruleLabels());
    }
}
