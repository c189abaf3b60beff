package io.backupgen.plan;

import io.backupgen.model.ScheduledJobs.Filing;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.schedule.DstEffect;
import io.backupgen.schedule.Gap;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@link Plan} for people: one section per question (when, collisions, loss, reach, disk). */
public final class PlanText {
    public static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd EEE HH:mm zzz", Locale.ENGLISH);
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd EEE", Locale.ENGLISH);

    private PlanText() {
    }

    public static String format(Plan p) {
        StringBuilder sb = new StringBuilder();
        sb.append("Plan for ").append(p.project())
                .append(p.environment() == null ? "" : " (environment " + p.environment() + ")")
                .append(", from ").append(utc(p.from())).append('\n');

        sb.append("\nNext runs\n");
        for (Plan.JobPlan jp : p.jobs()) {
            ScheduledJob j = jp.job();
            sb.append("  ").append(j.job()).append(" (").append(j.purpose()).append(")");
            if (j.suspended()) {
                sb.append(": suspended, never runs on its own\n");
                continue;
            }
            sb.append(": \"").append(j.schedule()).append("\" in ").append(j.timeZone())
                    .append(", may run ").append(human(Duration.ofSeconds(j.windowSeconds()))).append('\n');
            if (jp.next().isEmpty()) {
                sb.append("    never: the schedule names no time in the next five years\n");
            }
            for (ZonedDateTime t : jp.next()) {
                sb.append("    ").append(WHEN.format(t)).append('\n');
            }
            for (DstEffect e : jp.dst()) {
                sb.append("    DST: ").append(e.describe(j.timeZone())).append('\n');
            }
        }

        sb.append("\nOverlaps over a year (to ").append(utc(p.until()))
                .append("), windows [start, start + activeDeadlineSeconds)\n");
        if (p.overlaps().isEmpty()) {
            sb.append("  none\n");
        }
        for (Plan.Overlap o : p.overlaps()) {
            String dates = o.first().stream().map(WHEN::format).collect(Collectors.joining(", "));
            if (o.self()) {
                sb.append("  OVERLAP ").append(o.job()).append(" with ").append(o.shared()).append(": ")
                        .append(o.count()).append(" time").append(o.count() == 1 ? "" : "s").append(", first ")
                        .append(dates).append('\n');
            } else {
                sb.append("  OVERLAP ").append(o.job()).append(" and ").append(o.other()).append(" share ")
                        .append(o.shared()).append(": ").append(o.count()).append(" time")
                        .append(o.count() == 1 ? "" : "s").append(o.certain() ? " (same start minute: certain)" : "")
                        .append(", first ").append(dates).append('\n');
            }
        }

        sb.append("\nRecovery point objective (longest time between two backups, every run succeeding)\n");
        Gap rpo = p.rpo();
        sb.append(rpo == null ? "  no backups are scheduled\n"
                : "  " + human(rpo.length()) + ": " + WHEN.format(rpo.from()) + " -> " + WHEN.format(rpo.to()) + "\n");

        sb.append("\nRetention horizon (oldest backup kept, right after a run .. just before the next)\n");
        for (Plan.Horizon h : p.horizons()) {
            sb.append(String.format(Locale.ROOT, "  %-8s keep %-4d %s .. %s  (%s)%n", h.tier(), h.keep(),
                    human(h.atLeast()), human(h.atMost()), h.job()));
        }
        if (!p.horizons().isEmpty()) {
            sb.append("  oldest restorable point: at least ").append(human(p.overallHorizon())).append(" back\n");
        }

        Plan.Storage s = p.storage();
        sb.append("\nStorage\n");
        if (s == null) {
            sb.append("  give --db-size (and --compression-ratio) for an estimate\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  database %s / compression ratio %s = %s per dump%n", bytes(s.dbBytes()),
                    ratio(s.compressionRatio()), bytes(s.dumpBytes())));
            sb.append(String.format(Locale.ROOT, "  %d dumps kept at once + %s for the next (free-space margin) + %d"
                            + " pre-restore = %s of %s (%s)%n", s.dumpsKept(), ratio(s.margin()), s.prerestoreKept(),
                    bytes(s.neededBytes()), s.pvcSize(), pct(s.neededBytes(), s.pvcBytes())));
            if (s.dumpsKeptIfCopied() != s.dumpsKept()) {
                sb.append(String.format(Locale.ROOT, "  (%d files: %s if the volume cannot hard-link and tiers are copies)%n",
                        s.dumpsKeptIfCopied(), bytes(s.neededBytesIfCopied())));
            }
            sb.append(s.fits() ? "  fits\n" : "  SHORTFALL: the volume is " + bytes(s.neededBytes() - s.pvcBytes())
                    + " too small; raise storage.size or lower keep\n");
        }
        sb.append('\n').append(p.hasFindings() ? "findings: exit 1\n" : "no findings\n");
        return sb.toString();
    }

    static String tiers(ScheduledJob j) {
        return j.filings().stream().map(Filing::tier).collect(Collectors.joining("+"));
    }

    static String utc(java.time.Instant i) {
        return DateTimeFormatter.ISO_INSTANT.format(i.atOffset(ZoneOffset.UTC));
    }

    /** 47h, 13d 23h, 31d 1h, 45m: days and hours, minutes only below a day. */
    public static String human(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        if (days == 0) {
            return hours == 0 ? minutes + "m" : hours + "h" + (minutes == 0 ? "" : " " + minutes + "m");
        }
        return days + "d" + (hours == 0 ? "" : " " + hours + "h") + (minutes == 0 ? "" : " " + minutes + "m");
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }

    private static String ratio(double r) {
        return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.2f", r);
    }

    private static String pct(long a, long b) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * a / b);
    }
}
