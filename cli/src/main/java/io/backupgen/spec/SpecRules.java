package io.backupgen.spec;

import io.backupgen.kube.KubeValues;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the spec schema cannot say: cron and time zones as Kubernetes reads them, relations between
 * fields, and derived names that must still fit the API server's limits. Pure: spec in, diagnostics out.
 */
final class SpecRules {
    /** {@code <slug>-backup-monthly} must fit the 52 characters the API server allows a CronJob name. */
    static final int MAX_SLUG = 52 - "-backup-monthly".length();
    private static final Pattern LEADING_MAJOR = Pattern.compile("^(\\d+)");

    private SpecRules() {
    }

    static List<Diagnostic> check(Spec spec, Origins at) {
        List<Diagnostic> out = new ArrayList<>();
        checkSlug(spec, at, out);
        boolean anyEnabled = false;
        for (Map.Entry<String, Spec.Tier> e : List.of(Map.entry("daily", spec.tiers().daily()),
                Map.entry("weekly", spec.tiers().weekly()), Map.entry("monthly", spec.tiers().monthly()))) {
            String base = "/tiers/" + e.getKey();
            Spec.Tier tier = e.getValue();
            anyEnabled |= tier.enabled();
            KubeValues.cron(tier.schedule(), true).map(KubeValues.CronProblem::message).ifPresent(p -> out.add(at.diagnostic(base + "/schedule", p,
                    "five cron fields (minute hour day-of-month month day-of-week) or @hourly/@daily/@weekly/@monthly/@yearly",
                    "example: \"0 2 * * *\" is every day at 02:00")));
            KubeValues.timeZoneProblem(tier.timeZone()).ifPresent(p -> out.add(at.diagnostic(base + "/timeZone", p,
                    "an IANA time zone name", "")));
            checkResources(tier.resources(), base + "/resources", at, out);
        }
        if (!anyEnabled) {
            out.add(at.diagnostic("/tiers", "every tier is disabled, so nothing would be backed up", "",
                    "enable at least one of tiers.daily, tiers.weekly, tiers.monthly"));
        }
        checkSingleMode(spec, at, out);
        checkJobs(spec, at, out);
        checkImage(spec, at, out);
        AlertSpecRules.check(spec, at, out);
        EngineRules.check(spec, at, out);
        OffsiteRules.check(spec, at, out);
        if ("plain".equals(spec.backup().format()) && spec.backup().compressionLevel() == 0) {
            out.add(at.diagnostic("/backup/compressionLevel", "plain backups are gzip files, which need a"
                    + " compression level from 1 to 9", "1 to 9 with format plain; 0 to 9 with format custom",
                    "use compressionLevel: 1 for the fastest gzip, or format: custom"));
        }
        out.addAll(ClusterRules.check(spec, at));
        return out;
    }

    private static void checkSlug(Spec spec, Origins at, List<Diagnostic> out) {
        if (spec.project().slug() != null) {
            return; // the schema already holds an explicit slug to the DNS-1123 form and length
        }
        String derived = Slugs.derive(spec.project().name());
        if (derived.isEmpty()) {
            out.add(at.diagnostic("/project/name", "cannot derive a slug from this name", "",
                    "set project.slug to a DNS-1123 label such as my-app"));
        } else if (derived.length() > MAX_SLUG) {
            out.add(at.diagnostic("/project/name", "the slug derived from this name, '" + derived + "', is "
                            + derived.length() + " characters; CronJob names '<slug>-backup-monthly' allow at most "
                            + MAX_SLUG, "",
                    "set project.slug to something shorter, e.g. '" + Slugs.shorten(derived, MAX_SLUG) + "'"));
        }
    }

    static void checkResources(Spec.Resources r, String base, Origins at, List<Diagnostic> out) {
        compare(r.requests().cpu(), r.limits().cpu(), base + "/requests/cpu", at, out);
        compare(r.requests().memory(), r.limits().memory(), base + "/requests/memory", at, out);
    }

    private static void compare(String request, String limit, String pointer, Origins at, List<Diagnostic> out) {
        Optional<BigDecimal> req = amount(request);
        Optional<BigDecimal> lim = amount(limit);
        if (req.isPresent() && lim.isPresent() && req.get().compareTo(lim.get()) > 0) {
            out.add(at.diagnostic(pointer, "request " + request + " is greater than the limit " + limit
                    + "; the API server rejects such a pod", "a request at most the limit", ""));
        }
    }

    private static Optional<BigDecimal> amount(String quantity) {
        try {
            return Optional.of(Quantity.getAmountInBytes(new Quantity(quantity)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** One-dump mode runs on the daily tier's schedule and files into the others: daily must be on. */
    private static void checkSingleMode(Spec spec, Origins at, List<Diagnostic> out) {
        if (spec.tiers().single() && !spec.tiers().daily().enabled()) {
            out.add(at.diagnostic("/tiers/mode", "mode single runs one CronJob on the daily tier's schedule, but"
                            + " tiers.daily is disabled", "tiers.daily.enabled: true with mode single",
                    "enable tiers.daily, or use mode: separate"));
        }
    }

    private static void checkJobs(Spec spec, Origins at, List<Diagnostic> out) {
        Spec.Verify v = spec.verify();
        if (v.enabled()) {
            KubeValues.cron(v.schedule(), true).map(KubeValues.CronProblem::message).ifPresent(p -> out.add(at.diagnostic("/verify/schedule", p,
                    "five cron fields or a macro such as @daily", "")));
            KubeValues.timeZoneProblem(v.timeZone()).ifPresent(p -> out.add(at.diagnostic("/verify/timeZone", p,
                    "an IANA time zone name", "")));
            checkResources(v.resources(), "/verify/resources", at, out);
            requireTier(spec, v.tier(), "/verify/tier", "verification", at, out);
        }
        if (spec.restore().enabled()) {
            checkResources(spec.restore().resources(), "/restore/resources", at, out);
            requireTier(spec, spec.restore().tier(), "/restore/tier", "restore", at, out);
        }
    }

    private static void requireTier(Spec spec, String tier, String pointer, String what, Origins at,
                                    List<Diagnostic> out) {
        Spec.Tier t = spec.tiers().byName().get(tier);
        if (t != null && !t.enabled()) {
            out.add(at.diagnostic(pointer, "the " + what + " reads " + tier + " backups, but tiers." + tier
                    + " is disabled", "an enabled tier", "enable tiers." + tier + " or pick another tier"));
        }
    }

    private static void checkImage(Spec spec, Origins at, List<Diagnostic> out) {
        String tag = spec.image().tag();
        if (tag == null || tag.isEmpty()) {
            return;
        }
        Matcher m = LEADING_MAJOR.matcher(tag);
        int server = spec.database().postgresVersion();
        if (m.find() && Integer.parseInt(m.group(1)) < server) {
            out.add(at.diagnostic("/image/tag", "image tag '" + tag + "' carries pg_dump " + m.group(1)
                            + ", older than the PostgreSQL " + server + " server; pg_dump refuses to dump a newer server",
                    "a tag of major version " + server + " or newer", "e.g. '" + server + "-alpine'"));
        }
    }
}
