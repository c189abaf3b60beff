package io.backupgen.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Expected runs are worked out by hand from the controller's algorithm (robfig/cron v3 Next) and
 * the zone's rules; see SpecSchedule for why a gap time is skipped and a repeated one runs twice.
 */
class CronScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
    }

    private static List<String> fmt(List<ZonedDateTime> runs) {
        return runs.stream().map(F::format).toList();
    }

    @Test
    void springForwardSkipsTheRunThatFallsInTheGap() {
        CronSchedule s = CronSchedule.kubernetes("30 2 * * *", "Europe/Berlin");
        assertThat(fmt(s.runs(berlin("2025-03-28T00:00"), berlin("2025-04-01T00:00")))).containsExactly(
                "2025-03-28 02:30 +01:00", "2025-03-29 02:30 +01:00", "2025-03-31 02:30 +02:00");
        // An hour that exists is unaffected, and the day is 23 hours long.
        CronSchedule three = CronSchedule.kubernetes("0 3 * * *", "Europe/Berlin");
        List<ZonedDateTime> r = three.runs(berlin("2025-03-29T00:00"), berlin("2025-03-31T00:00"));
        assertThat(fmt(r)).containsExactly("2025-03-29 03:00 +01:00", "2025-03-30 03:00 +02:00");
        assertThat(Duration.between(r.get(0), r.get(1))).isEqualTo(Duration.ofHours(23));
    }

    @Test
    void fallBackRunsTheRepeatedTimeTwice() {
        CronSchedule s = CronSchedule.kubernetes("30 2 * * *", "Europe/Berlin");
        List<ZonedDateTime> r = s.runs(berlin("2025-10-25T00:00"), berlin("2025-10-28T00:00"));
        assertThat(fmt(r)).containsExactly("2025-10-25 02:30 +02:00", "2025-10-26 02:30 +02:00",
                "2025-10-26 02:30 +01:00", "2025-10-27 02:30 +01:00");
        assertThat(r.get(2).toInstant()).isEqualTo(Instant.parse("2025-10-26T01:30:00Z"));
        // On the hour too: 02:00 CEST (00:00Z) and 02:00 CET (01:00Z).
        CronSchedule two = CronSchedule.kubernetes("0 2 * * *", "Europe/Berlin");
        assertThat(two.runs(Instant.parse("2025-10-25T23:00:00Z"), Instant.parse("2025-10-26T23:00:00Z")))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2025-10-26T00:00:00Z"), Instant.parse("2025-10-26T01:00:00Z"));
    }

    @Test
    void westOfUtcTheRepeatRunsTwiceAsWell() {
        CronSchedule s = CronSchedule.kubernetes("30 1 * * *", "America/New_York");
        assertThat(s.runs(Instant.parse("2025-11-02T00:00:00Z"), Instant.parse("2025-11-03T00:00:00Z")))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2025-11-02T05:30:00Z"), Instant.parse("2025-11-02T06:30:00Z"));
    }

    @Test
    void hourlyHas23RunsOnTheSpringDayAnd25InAutumn() {
        CronSchedule s = CronSchedule.kubernetes("@hourly", "Europe/Berlin");
        assertThat(s.runs(berlin("2025-03-30T00:00"), berlin("2025-03-31T00:00"))).hasSize(23);
        assertThat(s.runs(berlin("2025-10-26T00:00"), berlin("2025-10-27T00:00"))).hasSize(25);
    }

    @Test
    void dstEffectsNameTheSkippedAndRepeatedTimes() {
        CronSchedule s = CronSchedule.kubernetes("30 2 * * *", "Europe/Berlin");
        List<DstEffect> e = s.dstEffects(berlin("2025-01-01T00:00"), berlin("2026-01-01T00:00"));
        assertThat(e).containsExactly(
                new DstEffect(LocalDate.parse("2025-03-30"), List.of(LocalTime.of(2, 30)), List.of()),
                new DstEffect(LocalDate.parse("2025-10-26"), List.of(), List.of(LocalTime.of(2, 30))));
        assertThat(e.get(0).describe("Europe/Berlin")).contains("02:30 does not exist in Europe/Berlin on 2025-03-30");
        assertThat(CronSchedule.kubernetes("0 4 * * *", "Europe/Berlin")
                .dstEffects(berlin("2025-01-01T00:00"), berlin("2026-01-01T00:00"))).isEmpty();
        assertThat(CronSchedule.kubernetes("30 2 * * *", "UTC")
                .dstEffects(berlin("2025-01-01T00:00"), berlin("2026-01-01T00:00"))).isEmpty();
    }

    @Test
    void monthlyAcrossFebruaryAndShortMonths() {
        CronSchedule first = CronSchedule.kubernetes("0 4 1 * *", "Europe/Berlin");
        assertThat(fmt(first.firstRuns(berlin("2025-01-15T00:00"), 3))).containsExactly(
                "2025-02-01 04:00 +01:00", "2025-03-01 04:00 +01:00", "2025-04-01 04:00 +02:00");
        // The 31st exists in seven months only: February, April, June, September, November are skipped.
        CronSchedule last = CronSchedule.kubernetes("0 0 31 * *", "UTC");
        assertThat(last.runs(Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")))
                .extracting(z -> z.getMonthValue()).containsExactly(1, 3, 5, 7, 8, 10, 12);
        // 29 February: leap years only.
        CronSchedule leap = CronSchedule.kubernetes("0 0 29 2 *", "UTC");
        assertThat(fmt(leap.firstRuns(Instant.parse("2025-01-01T00:00:00Z"), 2)))
                .containsExactly("2028-02-29 00:00 +00:00", "2032-02-29 00:00 +00:00");
    }

    @Test
    void descriptors() {
        Instant from = Instant.parse("2025-01-01T12:00:00Z"); // a Wednesday
        assertThat(fmt(CronSchedule.kubernetes("@daily", "UTC").firstRuns(from, 2)))
                .containsExactly("2025-01-02 00:00 +00:00", "2025-01-03 00:00 +00:00");
        assertThat(fmt(CronSchedule.kubernetes("@midnight", "UTC").firstRuns(from, 1)))
                .containsExactly("2025-01-02 00:00 +00:00");
        assertThat(fmt(CronSchedule.kubernetes("@weekly", "UTC").firstRuns(from, 2)))
                .containsExactly("2025-01-05 00:00 +00:00", "2025-01-12 00:00 +00:00");
        assertThat(fmt(CronSchedule.kubernetes("@monthly", "UTC").firstRuns(from, 2)))
                .containsExactly("2025-02-01 00:00 +00:00", "2025-03-01 00:00 +00:00");
        assertThat(fmt(CronSchedule.kubernetes("@yearly", "UTC").firstRuns(from, 1)))
                .containsExactly("2026-01-01 00:00 +00:00");
        assertThat(fmt(CronSchedule.kubernetes("@annually", "Europe/Berlin").firstRuns(from, 1)))
                .containsExactly("2026-01-01 00:00 +01:00");
        assertThat(CronSchedule.kubernetes("@every 90m", "UTC").firstRuns(from, 2))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2025-01-01T13:30:00Z"), Instant.parse("2025-01-01T15:00:00Z"));
    }

    @Test
    void dayOfMonthAndDayOfWeekCombineAsRobfigDoes() {
        Instant from = Instant.parse("2025-09-01T00:00:00Z"); // Monday 1 September
        Instant until = Instant.parse("2025-10-01T00:00:00Z");
        // Both restricted: either matches (the 1st, and every Monday).
        assertThat(CronSchedule.kubernetes("0 1 1 * 1", "UTC").runs(from, until))
                .extracting(ZonedDateTime::getDayOfMonth).containsExactly(1, 8, 15, 22, 29);
        assertThat(CronSchedule.kubernetes("0 1 1-7 * 0", "UTC").runs(from, until))
                .extracting(ZonedDateTime::getDayOfMonth).containsExactly(1, 2, 3, 4, 5, 6, 7, 14, 21, 28);
        // A star in either: both must match.
        assertThat(CronSchedule.kubernetes("0 1 * * MON", "UTC").runs(from, until))
                .extracting(ZonedDateTime::getDayOfMonth).containsExactly(1, 8, 15, 22, 29);
        // */2 with a step is not a star in robfig v3: OR again (odd days, and Mondays).
        assertThat(CronSchedule.kubernetes("0 1 */10 * 1", "UTC").runs(from, until))
                .extracting(ZonedDateTime::getDayOfMonth).containsExactly(1, 8, 11, 15, 21, 22, 29);
        // Names and ? are accepted.
        assertThat(CronSchedule.kubernetes("0 1 ? jan-feb sun", "UTC")
                .firstRuns(Instant.parse("2025-01-01T00:00:00Z"), 1)).extracting(ZonedDateTime::getDayOfMonth)
                .containsExactly(5);
    }

    @Test
    void longestGapOverAYearIncludesDstAndMonthLengths() {
        Instant from = berlin("2025-01-01T00:00");
        Gap daily = CronSchedule.kubernetes("30 2 * * *", "Europe/Berlin").longestGap(from).orElseThrow();
        assertThat(daily.length()).isEqualTo(Duration.ofHours(47));
        assertThat(F.format(daily.from())).isEqualTo("2025-03-29 02:30 +01:00");
        // A run that is not in a gap: the longest day is the autumn one, 25 hours.
        assertThat(CronSchedule.kubernetes("0 4 * * *", "Europe/Berlin").longestGap(from).orElseThrow().length())
                .isEqualTo(Duration.ofHours(25));
        // Monthly: 31-day months, the one that gains the autumn hour is longest (1 Oct -> 1 Nov).
        Gap monthly = CronSchedule.kubernetes("0 4 1 * *", "Europe/Berlin").longestGap(from).orElseThrow();
        assertThat(monthly.length()).isEqualTo(Duration.ofDays(31).plusHours(1));
        assertThat(F.format(monthly.from())).isEqualTo("2025-10-01 04:00 +02:00");
        // Yearly and leap-day schedules still have a gap (the run after the year counts).
        assertThat(CronSchedule.kubernetes("@yearly", "UTC").longestGap(Instant.parse("2025-06-01T00:00:00Z"))
                .orElseThrow().length()).isEqualTo(Duration.ofDays(365));
        assertThat(CronSchedule.kubernetes("0 0 29 2 *", "UTC").longestGap(Instant.parse("2025-06-01T00:00:00Z"))
                .orElseThrow().length()).isEqualTo(Duration.ofDays(4 * 365 + 1));
    }

    @Test
    void aScheduleThatNeverFiresHasNoRunsAndNoGap() {
        CronSchedule never = CronSchedule.kubernetes("0 0 31 2 *", "UTC");
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(never.next(from)).isEmpty();
        assertThat(never.firstRuns(from, 3)).isEmpty();
        assertThat(never.longestGap(from)).isEmpty();
    }

    @Test
    void runsIncludeFromAndExcludeUntil() {
        CronSchedule s = CronSchedule.kubernetes("0 2 * * *", "UTC");
        assertThat(s.runs(Instant.parse("2025-01-01T02:00:00Z"), Instant.parse("2025-01-03T02:00:00Z")))
                .extracting(ZonedDateTime::toInstant)
                .containsExactly(Instant.parse("2025-01-01T02:00:00Z"), Instant.parse("2025-01-02T02:00:00Z"));
        assertThat(s.next(Instant.parse("2025-01-01T02:00:00Z"))).contains(Instant.parse("2025-01-02T02:00:00Z"));
    }

    @Test
    void timeZonePrefixAndDefaultZone() {
        CronSchedule prefixed = CronSchedule.kubernetes("TZ=Europe/Berlin 0 3 * * *", null);
        assertThat(prefixed.zone()).isEqualTo(BERLIN);
        assertThat(CronSchedule.kubernetes("0 3 * * *", "").zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void invalidSchedulesAreRefusedWithTheApiServersReason() {
        assertThatThrownBy(() -> CronSchedule.kubernetes("0 0 2 * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 fields");
        assertThatThrownBy(() -> CronSchedule.kubernetes("0 2 * * 7", "UTC"))
                .hasMessageContaining("day-of-week 7");
        assertThatThrownBy(() -> CronSchedule.kubernetes("0 2 * * *", "Europe/Berln"))
                .hasMessageContaining("did you mean \"Europe/Berlin\"");
    }

    /**
     * SpecSchedule answers from a plain local-time search where the zone's offset is fixed around the
     * walk and from the robfig port elsewhere: both must give the port's answer for every start, in
     * zones with DST at night, at midnight (Havana, Santiago), of 30 minutes (Lord Howe), negative
     * (Dublin), switched twice a month (Casablanca's Ramadan), none (UTC, Kathmandu). (Not Pacific/Apia: around
     * the day it skipped, 2011-12-30, the port's day loop never ends for some schedules, as robfig's does.)
     */
    @Test
    void theFixedOffsetSearchGivesThePortsAnswerEverywhere() {
        List<String> zones = List.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                "Asia/Kathmandu", "America/Havana", "America/Santiago", "Africa/Casablanca",
                "Europe/Dublin", "America/St_Johns", "Asia/Tehran");
        List<String> exprs = List.of("30 2 * * *", "0 0 * * *", "15 0 * * *", "*/20 * * * *", "0 */3 * * *",
                "0 3 * * 0", "0 4 1 * *", "0 0 31 2 *", "0 0 29 2 *", "59 23 31 12 *", "0 0 1,15 * 1",
                "5 1-3 * * *", "0 0 * * 1-5", "*/7 2 * * *", "0 0 * 2 *", "@hourly", "@daily", "@weekly",
                "@monthly", "@yearly");
        Random random = new Random(16);
        long from = Instant.parse("2008-01-01T00:00:00Z").getEpochSecond();
        long until = Instant.parse("2032-01-01T00:00:00Z").getEpochSecond();
        long[] counts = new long[2]; // comparisons, and how many of them the fixed-offset search answered
        for (String zoneName : zones) {
            ZoneId zone = ZoneId.of(zoneName);
            List<Long> starts = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                starts.add(from + (long) (random.nextDouble() * (until - from)));
            }
            ZoneOffsetTransition tr = zone.getRules().nextTransition(Instant.parse("2009-06-01T00:00:00Z"));
            for (int n = 0; tr != null && n < 30; n++, tr = zone.getRules().nextTransition(tr.getInstant())) {
                long at = tr.toEpochSecond();
                for (long d : new long[] {-3 * 86400, -86400, -5400, -3600, -61, -1, 0, 1, 59, 3599, 86400, 2 * 86400}) {
                    starts.add(at + d);
                }
            }
            for (String expr : exprs) {
                SpecSchedule s = SpecSchedule.parse(expr, zone);
                for (long start : starts) {
                    bothPathsAgree(s, start, expr + " in " + zoneName, counts);
                }
                // a year and more of consecutive runs from 2025, as longestGap walks them
                long t = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() - 1;
                for (int i = 0; i < 400 && t != Long.MIN_VALUE; i++) {
                    t = bothPathsAgree(s, t, expr + " in " + zoneName, counts);
                }
            }
        }
        // the comparison means something only if both paths answered often
        long checked = counts[0];
        long fast = counts[1];
        assertThat(fast).isGreaterThan(checked / 10);
        assertThat(checked - fast).isGreaterThan(checked / 20);
    }

    /** next() gives the port's answer after {@code start}; counted, with whether the fixed-offset search answered. */
    private static long bothPathsAgree(SpecSchedule s, long start, String what, long[] counts) {
        long expected = s.robfigNext(start);
        assertThat(s.next(start)).as("%s after %s", what, Instant.ofEpochSecond(start)).isEqualTo(expected);
        counts[0]++;
        if (s.fixedOffsetNext(start) != Long.MAX_VALUE) {
            counts[1]++;
        }
        return expected;
    }
}
