package io.backupgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backupgen plan} end to end through the CLI, with the clock fixed: every expected time,
 * gap and horizon below is worked out by hand in the comments.
 */
class PlanCommandTest {
    @TempDir
    Path dir;

    private Path spec(String tiers, String extra) throws IOException {
        Path f = dir.resolve("backupgen.yaml");
        Files.writeString(f, "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: Shop\n"
                + "tiers:\n" + tiers + extra);
        return f;
    }

    private static CliRun plan(Instant now, String... args) {
        List<String> a = new ArrayList<>(List.of("plan"));
        a.addAll(List.of(args));
        return CliRun.at(Clock.fixed(now, ZoneOffset.UTC), a.toArray(String[]::new));
    }

    private static JsonNode json(CliRun r) throws IOException {
        return new ObjectMapper().readTree(r.out());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode job(JsonNode plan, String name) {
        for (JsonNode j : plan.path("jobs")) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name + " in " + plan);
    }

    private static final String BERLIN = """
              daily: {schedule: "30 2 * * *", timeZone: Europe/Berlin, activeDeadlineSeconds: 1800}
              weekly: {schedule: "0 3 * * 0", timeZone: Europe/Berlin}
              monthly: {schedule: "0 4 1 * *", timeZone: Europe/Berlin}
            """;

    @Test
    void berlinTiersAcrossTheSpringSwitch() throws IOException {
        Path f = spec(BERLIN, "");
        CliRun r = plan(Instant.parse("2025-03-28T12:00:00Z"), "-f", f.toString(), "--count", "3", "--output", "json");
        JsonNode p = json(r);
        // 30 March 2025 02:00 CET jumps to 03:00 CEST: 02:30 does not exist, the daily run is skipped.
        assertThat(texts(job(p, "shop-backup-daily").path("next"))).containsExactly(
                "2025-03-29T02:30:00+01:00", "2025-03-31T02:30:00+02:00", "2025-04-01T02:30:00+02:00");
        // 03:00 exists (it is the first minute of CEST): the weekly run is on time, an hour earlier in UTC.
        assertThat(texts(job(p, "shop-backup-weekly").path("next"))).containsExactly(
                "2025-03-30T03:00:00+02:00", "2025-04-06T03:00:00+02:00", "2025-04-13T03:00:00+02:00");
        assertThat(texts(job(p, "shop-backup-monthly").path("next"))).containsExactly(
                "2025-04-01T04:00:00+02:00", "2025-05-01T04:00:00+02:00", "2025-06-01T04:00:00+02:00");
        JsonNode dst = job(p, "shop-backup-daily").path("dst");
        assertThat(dst.get(0).path("date").asText()).isEqualTo("2025-03-30");
        assertThat(texts(dst.get(0).path("skipped"))).containsExactly("02:30");
        // The daily job's longest gap of the year: 29 March 02:30 CET to 31 March 02:30 CEST, 47 hours.
        assertThat(job(p, "shop-backup-daily").path("longestGap").path("seconds").asLong()).isEqualTo(47 * 3600);

        CliRun text = plan(Instant.parse("2025-03-28T12:00:00Z"), "-f", f.toString(), "--count", "3");
        assertThat(text.out()).contains("2025-03-31 Mon 02:30 CEST")
                .contains("DST: 02:30 does not exist in Europe/Berlin on 2025-03-30: no run");
    }

    @Test
    void berlinTiersAcrossTheAutumnSwitch() throws IOException {
        Path f = spec(BERLIN, "");
        CliRun r = plan(Instant.parse("2025-10-24T12:00:00Z"), "-f", f.toString(), "--count", "4", "--output", "json");
        JsonNode p = json(r);
        // 26 October 2025 03:00 CEST falls back to 02:00 CET: 02:30 happens twice and runs twice.
        assertThat(texts(job(p, "shop-backup-daily").path("next"))).containsExactly(
                "2025-10-25T02:30:00+02:00", "2025-10-26T02:30:00+02:00", "2025-10-26T02:30:00+01:00",
                "2025-10-27T02:30:00+01:00");
        assertThat(texts(job(p, "shop-backup-weekly").path("next")).get(0)).isEqualTo("2025-10-26T03:00:00+01:00");
        // The second 02:30 run may hold the volume for 30 minutes, until 03:00 CET, exactly when the
        // weekly run starts: the windows touch but do not overlap.
        assertThat(p.path("overlaps")).as(r.out()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(texts(job(p, "shop-backup-daily").path("dst").get(0).path("twice"))).containsExactly("02:30");
    }

    @Test
    void aDstSwitchAloneCausesTheOnlyOverlapOfTheYear() throws IOException {
        // Daily 01:30 for an hour ends at 02:30 local, half an hour before the weekly 03:00 run, on
        // every day but one: on the spring-forward Sunday 01:30 CET + 1h is 03:30 CEST.
        Path f = spec("""
                  daily: {schedule: "30 1 * * *", timeZone: Europe/Berlin}
                  weekly: {schedule: "0 3 * * 0", timeZone: Europe/Berlin}
                  monthly: {enabled: false}
                """, "");
        CliRun r = plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString(), "--output", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode overlaps = json(r).path("overlaps");
        assertThat(overlaps).hasSize(1);
        assertThat(overlaps.get(0).path("job").asText()).isEqualTo("shop-backup-daily");
        assertThat(overlaps.get(0).path("other").asText()).isEqualTo("shop-backup-weekly");
        assertThat(overlaps.get(0).path("count").asInt()).isEqualTo(1);
        assertThat(overlaps.get(0).path("certain").asBoolean()).isFalse();
        assertThat(texts(overlaps.get(0).path("first"))).containsExactly("2025-03-30T01:30:00+01:00");
        assertThat(overlaps.get(0).path("shared").asText()).contains("volume shop-backup-pvc (ReadWriteOnce)")
                .contains("database shop-postgres:5432/shop");
    }

    @Test
    void weeklyAndMonthlyMeetOnASundayTheFirst() throws IOException {
        // Both at 03:00 UTC: they start together whenever the 1st is a Sunday; from 1 January 2025 to
        // 1 January 2026 that is 1 June 2025 only.
        Path f = spec("""
                  weekly: {schedule: "0 3 * * 0"}
                  monthly: {schedule: "0 3 1 * *"}
                """, "");
        CliRun r = plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString(), "--output", "json");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        JsonNode o = json(r).path("overlaps");
        assertThat(o).hasSize(1);
        assertThat(o.get(0).path("job").asText()).isEqualTo("shop-backup-weekly");
        assertThat(o.get(0).path("other").asText()).isEqualTo("shop-backup-monthly");
        assertThat(o.get(0).path("certain").asBoolean()).isTrue();
        assertThat(texts(o.get(0).path("first"))).containsExactly("2025-06-01T03:00:00Z");
        assertThat(plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString()).out())
                .contains("OVERLAP shop-backup-weekly and shop-backup-monthly share volume shop-backup-pvc")
                .contains("1 time (same start minute: certain), first 2025-06-01 Sun 03:00 UTC");

        // render warns about it (same minute), and still writes.
        CliRun render = CliRun.at(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                "render", "-f", f.toString(), "-o", dir.resolve("out").toString());
        assertThat(render.exitCode()).isZero();
        assertThat(render.err()).contains("warning: shop-backup-weekly and shop-backup-monthly start in the same"
                + " minute (first 2025-06-01 Sun 03:00 UTC, once a year)");
    }

    @Test
    void offsetsThatAvoidEachOtherAreNoOverlap() throws IOException {
        // The defaults: daily 02:00 (1h), weekly Sunday 03:00 (1h), monthly 1st 04:00 (2h),
        // verification 06:00 (1h): each window ends when the next may start.
        Path f = spec("  daily: {keep: 7}\n", "");
        CliRun r = plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("Overlaps over a year").contains("  none\n").contains("no findings");
        // A monthly run half an hour into the weekly window is an overlap without being certain:
        // plan fails, render does not warn.
        Path g = spec("""
                  weekly: {schedule: "0 3 * * 0"}
                  monthly: {schedule: "30 3 1 * *", activeDeadlineSeconds: 1800}
                """, "");
        CliRun near = plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", g.toString(), "--output", "json");
        assertThat(near.exitCode()).isEqualTo(1);
        assertThat(json(near).path("overlaps").get(0).path("certain").asBoolean()).isFalse();
        CliRun render = CliRun.at(Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC),
                "render", "-f", g.toString(), "--stdout");
        assertThat(render.err()).doesNotContain("warning");
    }

    @Test
    void recoveryPointAndHorizonsByHand() throws IOException {
        // UTC, daily 02:00 keep 7, weekly Sunday 03:00 keep 4, monthly 1st 04:00 keep 12.
        Path f = spec("""
                  daily: {keep: 7}
                  weekly: {keep: 4}
                  monthly: {keep: 12}
                """, "");
        CliRun r = plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString(), "--output", "json");
        JsonNode p = json(r);
        // RPO: a backup starts every day at 02:00, so no gap exceeds 24h; the first 24h gap is
        // 2 January 02:00 -> 3 January 02:00 (1 January's 04:00 monthly run splits the first day).
        assertThat(p.path("rpo").path("seconds").asLong()).isEqualTo(24 * 3600);
        assertThat(p.path("rpo").path("from").asText()).isEqualTo("2025-01-02T02:00:00Z");
        JsonNode h = p.path("horizons");
        // daily: right after a run the 7th newest is 6 days old; just before the next run, 7 days.
        assertThat(h.get(0).path("tier").asText()).isEqualTo("daily");
        assertThat(h.get(0).path("atLeastSeconds").asLong()).isEqualTo(6 * 86400);
        assertThat(h.get(0).path("atMostSeconds").asLong()).isEqualTo(7 * 86400);
        // weekly: 3 and 4 weeks.
        assertThat(h.get(1).path("atLeastSeconds").asLong()).isEqualTo(21 * 86400);
        assertThat(h.get(1).path("atMostSeconds").asLong()).isEqualTo(28 * 86400);
        // monthly keep 12: right after a run the oldest is 11 months back. Shortest 11 months in the
        // year: 1 April 2024 -> 1 March 2025 = 365 - 31 (March 2024 left out, February 2025 has 28
        // days) = 334 days. Longest time just before a run: 12 months over 29 February 2024,
        // 1 February 2024 -> 1 February 2025 = 366 days.
        assertThat(h.get(2).path("atLeastSeconds").asLong()).isEqualTo(334 * 86400);
        assertThat(h.get(2).path("atMostSeconds").asLong()).isEqualTo(366 * 86400);
        assertThat(p.path("overallHorizonSeconds").asLong()).isEqualTo(334 * 86400);
        assertThat(plan(Instant.parse("2025-01-01T00:00:00Z"), "-f", f.toString()).out())
                .contains("daily    keep 7    6d .. 7d")
                .contains("monthly  keep 12   334d .. 366d")
                .contains("oldest restorable point: at least 334d back");
    }

    @Test
    void storageShortfallIsReportedAndFailsThePlan() throws IOException {
        // Defaults: keep 7 + 4 + 12 = 23 dumps on a 10Gi volume, restore backs the target up first
        // (3 pre-restore dumps kept), backup.sh wants 1.25 dumps free. A 1Gi database at ratio 2
        // dumps 512Mi: (23 + 3 + 1.25) * 512Mi = 13.625Gi > 10Gi.
        Path f = spec("  daily: {keep: 7}\n", "");
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        CliRun r = plan(now, "-f", f.toString(), "--db-size", "1Gi", "--compression-ratio", "2", "--output", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode s = json(r).path("storage");
        assertThat(s.path("dumpBytes").asLong()).isEqualTo(512L << 20);
        assertThat(s.path("dumpsKept").asInt()).isEqualTo(23);
        assertThat(s.path("prerestoreKept").asInt()).isEqualTo(3);
        assertThat(s.path("neededBytes").asLong()).isEqualTo((long) (27.25 * (512L << 20)));
        assertThat(s.path("fits").asBoolean()).isFalse();
        assertThat(plan(now, "-f", f.toString(), "--db-size", "1Gi", "--compression-ratio", "2").out())
                .contains("SHORTFALL: the volume is 3.6GiB too small");
        // Half the database fits: 27.25 * 256Mi = 6.8Gi.
        CliRun ok = plan(now, "-f", f.toString(), "--db-size", "512Mi", "--compression-ratio", "2");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("= 6.8GiB of 10Gi (68%)").contains("  fits\n");
    }

    @Test
    void badFlagsAreUsageErrors() throws IOException {
        Path f = spec("  daily: {keep: 7}\n", "");
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        CliRun from = plan(now, "-f", f.toString(), "--from", "yesterday");
        assertThat(from.exitCode()).isEqualTo(2);
        assertThat(from.err()).contains("--from must be a time such as 2025-03-29T00:00:00Z");
        assertThat(plan(now, "-f", f.toString(), "--from", "2025-03-29T00:00").err()).contains("has no offset");
        CliRun size = plan(now, "-f", f.toString(), "--db-size", "lots");
        assertThat(size.exitCode()).isEqualTo(2);
        assertThat(size.err()).contains("--db-size must be a positive Kubernetes quantity");
        assertThat(plan(now, "-f", f.toString(), "--compression-ratio", "0").exitCode()).isEqualTo(2);
        CliRun env = plan(now, "-f", f.toString(), "--env", "prod");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).doesNotContain("Exception");
        // Without --from, the injected clock is "now".
        assertThat(plan(now, "-f", f.toString()).out()).startsWith("Plan for shop, from 2025-01-01T00:00:00Z");
    }
}
