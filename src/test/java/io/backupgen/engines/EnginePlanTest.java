package io.backupgen.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plan} covers the engines through their ScheduledJobs entries alone: next runs in each
 * schedule's zone, overlaps, the recovery point and horizons; the volume's storage estimate counts
 * only what is written to it.
 */
class EnginePlanTest {
    private static final Instant FROM = Instant.parse("2025-03-24T00:00:00Z");

    private static JsonNode plan(String... args) throws Exception {
        String[] a = new String[args.length + 5];
        a[0] = "plan";
        System.arraycopy(args, 0, a, 1, args.length);
        a[args.length + 1] = "--from";
        a[args.length + 2] = FROM.toString();
        a[args.length + 3] = "--output";
        a[args.length + 4] = "json";
        CliRun r = CliRun.at(Clock.fixed(FROM, ZoneOffset.UTC), a);
        assertThat(r.err()).doesNotContain("Exception");
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode job(JsonNode plan, String name) {
        for (JsonNode j : plan.path("jobs")) {
            if (j.path("name").asText().equals(name)) {
                return j;
            }
        }
        throw new AssertionError("no job " + name + " in " + plan.path("jobs"));
    }

    private static JsonNode horizon(JsonNode plan, String tier) {
        for (JsonNode h : plan.path("horizons")) {
            if (h.path("tier").asText().equals(tier)) {
                return h;
            }
        }
        throw new AssertionError("no horizon " + tier);
    }

    @Test
    void snapshotsBringTheRecoveryPointToAnHourAndLeaveTheVolumeEstimateAlone() throws Exception {
        JsonNode p = plan("-f", Repo.root().resolve("samples/snapshots.yaml").toString(), "--db-size", "1Gi",
                "--compression-ratio", "4");
        JsonNode daily = job(p, "wiki-snap-daily");
        assertThat(daily.path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(daily.path("next").get(0).asText()).isEqualTo("2025-03-25T00:45:00+01:00");
        assertThat(daily.path("volume").isNull()).isTrue();
        assertThat(p.path("rpo").path("seconds").asLong()).isEqualTo(3600);
        // 24 hourly snapshots reach 23 h back right after a run, a day just before the next.
        assertThat(horizon(p, "snapshot-hourly").path("atLeastSeconds").asLong()).isEqualTo(23 * 3600);
        assertThat(horizon(p, "snapshot-hourly").path("atMostSeconds").asLong()).isEqualTo(24 * 3600);
        // The volume holds the dumps only: 7 daily + 4 weekly + 12 monthly, as without snapshots.
        assertThat(p.path("storage").path("dumpsKept").asInt()).isEqualTo(23);
    }

    @Test
    void cloudNativePgBaseBackupsShareTheDatabaseWithDumpsOfTheSameCluster(@TempDir Path dir) throws Exception {
        JsonNode sample = plan("-f", Repo.root().resolve("samples/cnpg.yaml").toString());
        JsonNode cnpg = job(sample, "orders-cnpg");
        assertThat(cnpg.path("database").asText()).isEqualTo(job(sample, "orders-backup-daily").path("database").asText());
        assertThat(cnpg.path("timeZone").asText()).isEqualTo("UTC");
        assertThat(sample.path("findings").asBoolean()).isFalse();
        // A 30-day recovery window of daily base backups keeps 31 of them.
        assertThat(horizon(sample, "cnpg").path("keep").asInt()).isEqualTo(31);

        // The same cluster backed up by CloudNativePG at the dumps' hour: plan reports the collision.
        Path spec = dir.resolve("spec.yaml");
        Files.writeString(spec, Files.readString(Repo.root().resolve("samples/cnpg.yaml"))
                .replace("schedule: \"0 23 * * *\"", "schedule: \"0 2 * * *\""));
        JsonNode clash = plan("-f", spec.toString());
        assertThat(clash.path("findings").asBoolean()).isTrue();
        assertThat(clash.path("overlaps").toString()).contains("orders-cnpg", "orders-backup-daily");
    }

    @Test
    void veleroIsPlannedInUtcWithItsKeep() throws Exception {
        JsonNode p = plan("-f", Repo.root().resolve("samples/velero.yaml").toString(), "--env", "staging");
        JsonNode v = job(p, "shop-shop-staging");
        assertThat(v.path("schedule").asText()).isEqualTo("30 3 * * *");
        assertThat(v.path("timeZone").asText()).isEqualTo("UTC");
        assertThat(horizon(p, "velero").path("keep").asInt()).isEqualTo(3);
    }
}
