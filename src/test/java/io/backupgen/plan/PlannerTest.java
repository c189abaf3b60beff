package io.backupgen.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.model.ScheduledJobs.Filing;
import io.backupgen.model.ScheduledJobs.Period;
import io.backupgen.model.ScheduledJobs.ScheduledJob;
import io.backupgen.model.ScheduledJobs.Volume;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.Repo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner on the model's job list: one-dump mode, and entries another engine would add. */
class PlannerTest {
    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void oneDumpModeIsOneJobWhoseDumpsAreSharedByTheTiers() {
        Path spec = Repo.root().resolve("samples/single.yaml");
        LoadedSpec loaded = SpecLoader.forSpecFile(spec).load(spec);
        Plan p = Planner.plan(RenderPipeline.model(loaded), null,
                new PlanOptions(FROM, 2, 2L << 30, 4, 125, 3));
        assertThat(p.jobs()).extracting(j -> j.job().job())
                .containsExactly("ledger-backup", "ledger-backup-verify", "ledger-backup-restore");
        assertThat(p.jobs().get(0).job().filings()).extracting(Filing::tier).containsExactly("daily", "weekly", "monthly");
        assertThat(p.overlaps()).isEmpty();
        assertThat(p.horizons()).extracting(Plan.Horizon::tier).containsExactly("daily", "weekly", "monthly");
        // 7 + 5 + 12 names. The week's first dump is normally one of the last 7 dailies (shared), but
        // 01:15 Europe/Berlin is 00:15 UTC in winter and 23:15 UTC in summer: the spring-forward
        // Sunday has two runs in one UTC week, 8 in all, and its first dump leaves the dailies.
        // So at the peak all 24 names are distinct dumps.
        Plan.Storage s = p.storage();
        assertThat(s.dumpsKeptIfCopied()).isEqualTo(24);
        assertThat(s.dumpsKept()).isEqualTo(24);
        assertThat(s.dumpBytes()).isEqualTo(512L << 20);
        assertThat(s.fits()).isTrue();
        // Nightly at 01:15 Europe/Berlin: the longest time between backups is the autumn day, 25h.
        assertThat(p.rpo().length()).isEqualTo(Duration.ofHours(25));
    }

    @Test
    void hardLinkedTiersKeepFewerDumpsThanNames() {
        // Nightly 02:00 UTC, keep 7/5/12 in one dump: the current week's first dump is always one of
        // the last 7 dailies, so at most 7 + 4 + 12 = 23 distinct dumps (fewer when a month's first is
        // also a week's first, a Monday), against 24 files when tiers are copies.
        ScheduledJob single = new ScheduledJob("shop-backup", "backup", "0 2 * * *", "UTC", false, 3600,
                new Volume("shop-backup-pvc", "ReadWriteOnce", "10Gi"), "db:5432/shop",
                List.of(new Filing("daily", 7, Period.EVERY_RUN), new Filing("weekly", 5, Period.FIRST_OF_WEEK),
                        new Filing("monthly", 12, Period.FIRST_OF_MONTH)), true);
        Plan p = Planner.plan("shop", null, List.of(single), new PlanOptions(FROM, 1, 1L << 30, 1, 125, 0));
        assertThat(p.storage().dumpsKept()).isEqualTo(23);
        assertThat(p.storage().dumpsKeptIfCopied()).isEqualTo(24);
        // weekly: right after a Monday run the oldest of 5 is 4 weeks back; just before the next
        // Monday, 5 weeks. monthly: as in the separate layout, 334 .. 366 days (see PlanCommandTest).
        assertThat(p.horizons().get(1).atLeast()).isEqualTo(Duration.ofDays(28));
        assertThat(p.horizons().get(1).atMost()).isEqualTo(Duration.ofDays(35));
        assertThat(p.horizons().get(2).atLeast()).isEqualTo(Duration.ofDays(334));
    }

    @Test
    void anotherEnginesEntriesArePlannedWithoutAChangeHere() {
        // What a snapshot engine would add: a job on the same volume, starting with the daily dump.
        Volume pvc = new Volume("shop-backup-pvc", "ReadWriteOnce", "10Gi");
        ScheduledJob dump = new ScheduledJob("shop-backup-daily", "backup daily", "0 2 * * *", "UTC", false, 3600, pvc,
                "db:5432/shop", List.of(new Filing("daily", 7, Period.EVERY_RUN)), false);
        ScheduledJob snapshot = new ScheduledJob("shop-volume-snapshot", "snapshot", "0 2 * * 6", "UTC", false, 600,
                pvc, null, List.of(), false);
        Plan p = Planner.plan("shop", null, List.of(dump, snapshot), new PlanOptions(FROM, 1, null, 1, 125, 0));
        assertThat(p.overlaps()).hasSize(1);
        Plan.Overlap o = p.overlaps().get(0);
        assertThat(o.certain()).isTrue();
        assertThat(o.count()).isEqualTo(52); // every Saturday of 2025
        assertThat(o.shared()).isEqualTo("volume shop-backup-pvc (ReadWriteOnce)");
        // On a volume many nodes may mount, the same schedule is no collision (no shared database).
        Volume rwx = new Volume("shop-backup-pvc", "ReadWriteMany", "10Gi");
        Plan q = Planner.plan("shop", null, List.of(
                new ScheduledJob(dump.job(), dump.purpose(), dump.schedule(), "UTC", false, 3600, rwx, dump.database(),
                        dump.filings(), false),
                new ScheduledJob(snapshot.job(), snapshot.purpose(), snapshot.schedule(), "UTC", false, 600, rwx, null,
                        List.of(), false)), new PlanOptions(FROM, 1, null, 1, 125, 0));
        assertThat(q.overlaps()).isEmpty();
    }

    @Test
    void aWindowLongerThanTheIntervalLosesRuns() {
        ScheduledJob hourly = new ScheduledJob("shop-backup-daily", "backup daily", "@hourly", "UTC", false, 5400, null,
                null, List.of(new Filing("daily", 24, Period.EVERY_RUN)), false);
        Plan p = Planner.plan("shop", null, List.of(hourly), new PlanOptions(FROM, 1, null, 1, 125, 0));
        assertThat(p.overlaps()).hasSize(1);
        assertThat(p.overlaps().get(0).self()).isTrue();
        assertThat(p.overlaps().get(0).shared()).contains("concurrencyPolicy: Forbid skips the run");
    }
}
