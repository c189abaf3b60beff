package io.backupgen.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * A five-field schedule in a time zone, stepped exactly as robfig/cron v3 {@code SpecSchedule.Next}
 * (spec.go) steps it. Kubernetes' CronJob controller (pkg/controller/cronjob, v1.26) parses
 * {@code "TZ=<spec.timeZone> <spec.schedule>"} with {@code cron.ParseStandard} (formatSchedule in
 * cronjob_controllerv2.go) and creates a Job for each time {@code sched.Next(lastScheduleTime)}
 * returns (nextScheduledTimeDuration in the same file); Jobs are named by the scheduled minute
 * (getJobName/getTimeHashInMinutes), so two distinct instants are two Jobs.
 *
 * <p>What that means across daylight-saving switches falls out of the algorithm, which is why it
 * is ported rather than re-derived: it checks month, day, hour, minute in the zone's local time and
 * steps hours with absolute {@code t.Add(time.Hour)}.
 * <ul>
 * <li>Spring forward (Europe/Berlin, last Sunday of March, 02:00 -> 03:00): local 02:xx never
 * appears, so a 02:30 schedule does not run that day at all (no catch-up at 03:00).</li>
 * <li>Fall back (last Sunday of October, 03:00 CEST -> 02:00 CET): local 02:xx appears twice, and
 * minute stepping from 02:59 CEST lands on 02:00 CET, so a 02:30 schedule runs twice, an hour
 * apart.</li>
 * </ul>
 * Go's {@code time.Date} resolves a local time that does not exist or exists twice by its own rule
 * (src/time/time.go Date: look up the offset at the local time read as UTC, then at the resulting
 * instant); {@link #goDate} reproduces it, so midnights in zones that switch at midnight behave as
 * in Go too.
 */
final class SpecSchedule {
    private final CronFields minute;
    private final CronFields hour;
    private final CronFields dom;
    private final CronFields month;
    private final CronFields dow;
    private final ZoneId zone;
    private final ZoneRules rules;

    SpecSchedule(CronFields minute, CronFields hour, CronFields dom, CronFields month, CronFields dow, ZoneId zone) {
        this.minute = minute;
        this.hour = hour;
        this.dom = dom;
        this.month = month;
        this.dow = dow;
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /** robfig {@code ParseStandard} for a five-field expression or a descriptor other than @every. */
    static SpecSchedule parse(String expr, ZoneId zone) {
        switch (expr) {
            case "@yearly", "@annually" -> {
                return new SpecSchedule(CronFields.only(0), CronFields.only(0), CronFields.only(1), CronFields.only(1),
                        CronFields.all(CronFields.Kind.DOW), zone);
            }
            case "@monthly" -> {
                return new SpecSchedule(CronFields.only(0), CronFields.only(0), CronFields.only(1),
                        CronFields.all(CronFields.Kind.MONTH), CronFields.all(CronFields.Kind.DOW), zone);
            }
            case "@weekly" -> {
                return new SpecSchedule(CronFields.only(0), CronFields.only(0), CronFields.all(CronFields.Kind.DOM),
                        CronFields.all(CronFields.Kind.MONTH), CronFields.only(0), zone);
            }
            case "@daily", "@midnight" -> {
                return new SpecSchedule(CronFields.only(0), CronFields.only(0), CronFields.all(CronFields.Kind.DOM),
                        CronFields.all(CronFields.Kind.MONTH), CronFields.all(CronFields.Kind.DOW), zone);
            }
            case "@hourly" -> {
                return new SpecSchedule(CronFields.only(0), CronFields.all(CronFields.Kind.HOUR),
                        CronFields.all(CronFields.Kind.DOM), CronFields.all(CronFields.Kind.MONTH),
                        CronFields.all(CronFields.Kind.DOW), zone);
            }
            default -> {
                String[] f = expr.trim().split("\\s+");
                if (f.length != 5) {
                    throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + expr);
                }
                return new SpecSchedule(CronFields.parse(f[0], CronFields.Kind.MINUTE),
                        CronFields.parse(f[1], CronFields.Kind.HOUR), CronFields.parse(f[2], CronFields.Kind.DOM),
                        CronFields.parse(f[3], CronFields.Kind.MONTH), CronFields.parse(f[4], CronFields.Kind.DOW), zone);
            }
        }
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * The first activation strictly after {@code epochSecond}, or {@code Long.MIN_VALUE} when none
     * falls within five years (robfig returns the zero time then): {@link #robfigNext}'s answer.
     *
     * <p>Where the zone's offset does not change anywhere the port's walk could look (from two days
     * before the local month's start to two days after the answer), robfig's algorithm is the plain
     * search for the first matching local minute, so that search answers ({@link #fixedOffsetNext}),
     * without the port's per-step time conversions; anywhere near a daylight-saving switch the port
     * itself does. A year of a daily schedule's runs (what {@link CronSchedule#longestGap} walks, per
     * job and render) was most of the schedule maths' cost and allocations.
     */
    long next(long epochSecond) {
        long fast = fixedOffsetNext(epochSecond);
        return fast != NOT_FIXED ? fast : robfigNext(epochSecond);
    }

    /** {@link #fixedOffsetNext}'s "the offset changes within the walk: ask the port". */
    private static final long NOT_FIXED = Long.MAX_VALUE;
    private static final long DAY = 86_400;
    /** Beyond the most a Go time.Date guess or a truncation to the day looks away from the walk (an offset is within ±18 h). */
    private static final long MARGIN = 2 * DAY;

    /**
     * The first local minute after {@code epochSecond} that the fields name, at the offset in force
     * then, or {@link #NOT_FIXED} when a transition falls between two days before the local month's
     * start (robfig truncates to it) and two days after the answer. Under one offset the port's steps
     * (months, days at midnight, hours, minutes, the five-year limit) visit the local times in order
     * and stop at the first that matches, which is what this loop finds day by day.
     */
    long fixedOffsetNext(long epochSecond) {
        long t = epochSecond + 1;
        int offset = rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds();
        long local = t + offset;
        long day = Math.floorDiv(local, DAY);
        int secondOfDay = (int) Math.floorMod(local, DAY);
        int fromMinute = (secondOfDay + 59) / 60; // the upcoming whole minute; 1440 is the next day's 00:00
        LocalDate date = LocalDate.ofEpochDay(day);
        long monthStart = day - (date.getDayOfMonth() - 1);
        var transition = rules.nextTransition(Instant.ofEpochSecond(monthStart * DAY - offset - MARGIN));
        long limit = transition == null ? Long.MAX_VALUE : transition.toEpochSecond();
        if (limit <= t) {
            return NOT_FIXED;
        }
        long yearLimit = date.getYear() + 5L;
        if (fromMinute == 24 * 60) {
            day++;
            fromMinute = 0;
            date = LocalDate.ofEpochDay(day);
        }
        while (true) {
            if (date.getYear() > yearLimit) {
                // robfig gives up in the year after its limit; only an offset fixed that long makes that certain
                return day * DAY - offset + MARGIN < limit ? Long.MIN_VALUE : NOT_FIXED;
            }
            if (day * DAY - offset + MARGIN >= limit) {
                return NOT_FIXED;
            }
            if (month.has(date.getMonthValue()) && dayMatches(date)) {
                // the first named hour from fromMinute's, then its first named minute (from fromMinute's in that same hour)
                long hours = hour.bits() & (-1L << (fromMinute / 60));
                while (hours != 0) {
                    int h = Long.numberOfTrailingZeros(hours);
                    long minutes = minute.bits() & (h == fromMinute / 60 ? -1L << (fromMinute % 60) : -1L);
                    if (minutes != 0 && h < 24) {
                        long at = day * DAY + h * 3600L + Long.numberOfTrailingZeros(minutes) * 60L - offset;
                        return at + MARGIN < limit ? at : NOT_FIXED;
                    }
                    hours &= hours - 1;
                }
            }
            day++;
            fromMinute = 0;
            date = LocalDate.ofEpochDay(day);
        }
    }

    /**
     * The first activation strictly after {@code epochSecond}, or {@code Long.MIN_VALUE} when none
     * falls within five years (robfig returns the zero time then). A line-by-line port of
     * robfig/cron v3 spec.go {@code Next}; the seconds field of a standard schedule is always 0.
     */
    long robfigNext(long epochSecond) {
        long t = epochSecond + 1; // "the upcoming second"
        boolean added = false;
        int yearLimit = local(t).getYear() + 5;
        wrap:
        while (true) {
            LocalDateTime l = local(t);
            if (l.getYear() > yearLimit) {
                return Long.MIN_VALUE;
            }
            while (!month.has(l.getMonthValue())) {
                if (!added) {
                    added = true;
                    t = goDate(l.getYear(), l.getMonthValue(), 1, 0, 0, 0);
                    l = local(t);
                }
                t = goDate(l.getYear(), l.getMonthValue() + 1, l.getDayOfMonth(), l.getHour(), l.getMinute(),
                        l.getSecond());
                l = local(t);
                if (l.getMonthValue() == 1) {
                    continue wrap;
                }
            }
            while (!dayMatches(l.toLocalDate())) {
                if (!added) {
                    added = true;
                    t = goDate(l.getYear(), l.getMonthValue(), l.getDayOfMonth(), 0, 0, 0);
                    l = local(t);
                }
                t = goDate(l.getYear(), l.getMonthValue(), l.getDayOfMonth() + 1, l.getHour(), l.getMinute(),
                        l.getSecond());
                l = local(t);
                // robfig: "Notice if the hour is no longer midnight due to DST."
                if (l.getHour() != 0) {
                    t += l.getHour() > 12 ? (24L - l.getHour()) * 3600 : -l.getHour() * 3600L;
                    l = local(t);
                }
                if (l.getDayOfMonth() == 1) {
                    continue wrap;
                }
            }
            while (!hour.has(l.getHour())) {
                if (!added) {
                    added = true;
                    t = goDate(l.getYear(), l.getMonthValue(), l.getDayOfMonth(), l.getHour(), 0, 0);
                }
                t += 3600;
                l = local(t);
                if (l.getHour() == 0) {
                    continue wrap;
                }
            }
            while (!minute.has(l.getMinute())) {
                if (!added) {
                    added = true;
                    t = Math.floorDiv(t, 60) * 60; // t.Truncate(time.Minute): absolute, like Go's
                }
                // robfig steps a minute at a time until the minute matches or wraps to 0. Where the
                // offset stays the same up to the target, every step in between only moves the local
                // minute by one, so jumping there straight is the same walk, taken at once.
                int to = l.getMinute() + 1;
                while (to < 60 && !minute.has(to)) {
                    to++;
                }
                long jump = t + (to - l.getMinute()) * 60L;
                if (rules.getOffset(Instant.ofEpochSecond(jump)).equals(rules.getOffset(Instant.ofEpochSecond(t)))) {
                    t = jump;
                } else {
                    t += 60;
                }
                l = local(t);
                if (l.getMinute() == 0) {
                    continue wrap;
                }
            }
            while (l.getSecond() != 0) {
                added = true;
                // Seconds step to the next :00, where robfig wraps; with a whole-minute offset (every
                // zone today) local and absolute seconds agree, so that is the next minute boundary.
                t = rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds() % 60 == 0
                        ? Math.floorDiv(t, 60) * 60 + 60 : t + 1;
                l = local(t);
                if (l.getSecond() == 0) {
                    continue wrap;
                }
            }
            return t;
        }
    }

    /** robfig dayMatches: day-of-month AND day-of-week when either is starred, otherwise OR. */
    boolean dayMatches(LocalDate d) {
        boolean domMatch = dom.has(d.getDayOfMonth());
        boolean dowMatch = dow.has(d.getDayOfWeek().getValue() % 7);
        return dom.star() || dow.star() ? domMatch && dowMatch : domMatch || dowMatch;
    }

    /** Whether a local wall-clock minute is one the expression names (before any DST effect). */
    boolean matchesLocal(LocalDateTime l) {
        return month.has(l.getMonthValue()) && dayMatches(l.toLocalDate()) && hour.has(l.getHour())
                && minute.has(l.getMinute()) && l.getSecond() == 0;
    }

    LocalDateTime local(long epochSecond) {
        ZoneOffset off = rules.getOffset(Instant.ofEpochSecond(epochSecond));
        return LocalDateTime.ofEpochSecond(epochSecond, 0, off);
    }

    /**
     * Go's {@code time.Date(y, m, d, h, min, s, 0, loc)}: out-of-range values normalize (month 13 is
     * January of the next year, day 32 the next month's first); the local time read as UTC gives a
     * first offset guess, and the offset in force at the instant that guess yields is the one used.
     */
    long goDate(int year, int month, int day, int hour, int minute, int second) {
        LocalDateTime ldt = LocalDate.of(year, 1, 1).plusMonths(month - 1L).plusDays(day - 1L).atStartOfDay()
                .plusHours(hour).plusMinutes(minute).plusSeconds(second);
        long unix = ldt.toEpochSecond(ZoneOffset.UTC);
        int guess = rules.getOffset(Instant.ofEpochSecond(unix)).getTotalSeconds();
        int offset = rules.getOffset(Instant.ofEpochSecond(unix - guess)).getTotalSeconds();
        return unix - offset;
    }
}
