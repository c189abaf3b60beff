package io.backupgen.spec;

import io.backupgen.text.Suggest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backupgen.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad specs: each names file, line, column and field, says what is allowed, and exits 2. */
class SpecErrorsTest {
    @TempDir
    Path dir;

    private CliRun render(String yaml) throws Exception {
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, yaml);
        return CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
    }

    private static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\n";

    @Test
    void misspeltKeyIsReportedWithPositionAndSuggestion() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    kep: 5\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:7:5: tiers.daily.kep: unknown field 'kep'")
                .contains("did you mean 'keep'?")
                .contains("allowed: enabled, schedule, timeZone, keep");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void wrongTypeNamesTheExpectedType() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  weekly:\n    keep: four\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:7:11: tiers.weekly.keep: wrong type: got string \"four\"")
                .contains("allowed: integer from 1 to 1000");
    }

    @Test
    void aRepeatInAListIsNamedWhereItIs() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\nsnapshots:\n  pvcs:\n    - data-0\n    - data-1\n    - data-0\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:9:7: snapshots.pvcs[2]: 'data-0' is listed more than once")
                .contains("allowed: a list without repeats")
                .contains("remove this repeat (Names of the PVCs to snapshot");
    }

    @Test
    void aValueOfNoneOfTheAllowedTypesIsOneProblemNamingThem() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\nnetworkPolicy:\n  database:\n    cidr: 10.0.0.0/24\n"
                + "  extraEgress:\n    - to:\n        - ipBlock: {cidr: 10.1.0.0/16}\n      ports:\n        - port: [443]\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("invalid spec (1 problem)")
                .contains("backupgen.yaml:12:17: networkPolicy.extraEgress[0].ports[0].port: wrong type: got a list [443]")
                .contains("allowed: integer or string");
    }

    @Test
    void missingRequiredValue() throws Exception {
        CliRun r = render(HEAD + "project:\n  namespace: shop\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:3:1: project.name: missing required value 'project.name'");
    }

    @Test
    void missingApiVersionAndKind() throws Exception {
        CliRun r = render("project:\n  name: shop\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:1:1: apiVersion: missing required field 'apiVersion'")
                .contains("kind: missing required field 'kind'");
    }

    @Test
    void badCronIsReportedAtTheScheduleValue() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    schedule: \"0 25 * * *\"\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:7:15: tiers.daily.schedule: \"0 25 * * *\" is not a valid cron expression");
    }

    @Test
    void sixFieldCronGetsAQuartzHint() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    schedule: \"0 0 2 * * *\"\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("tiers.daily.schedule").contains("Quartz/Spring").contains("5 fields");
    }

    @Test
    void unknownTimeZoneSuggestsTheNearest() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  monthly:\n    timeZone: Europe/Berln\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:7:15: tiers.monthly.timeZone: unknown time zone \"Europe/Berln\"")
                .contains("did you mean \"Europe/Berlin\"?");
    }

    @Test
    void badEnumValueListsTheAllowedOnes() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\nstorage:\n  accessMode: ReadWriteOnse\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("storage.accessMode").contains("allowed: ReadWriteOnce, ReadWriteOncePod, ReadWriteMany")
                .contains("did you mean 'ReadWriteOnce'?");
    }

    @Test
    void slugTooLongForTheCronJobNameLimit() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\n  slug: a-project-slug-that-is-far-too-long-to-fit\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:5:9: project.slug").contains("at most 37 characters");
    }

    @Test
    void derivedSlugTooLongSuggestsAShorterOne() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: The Very Long Name Of A Project That Goes On And On\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("project.name").contains("set project.slug to something shorter");
    }

    @Test
    void requestAboveLimitIsRejected() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    resources:\n      requests: {cpu: '2'}\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("tiers.daily.resources.requests.cpu").contains("greater than the limit 500m");
    }

    @Test
    void imageOlderThanServerIsRejected() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ndatabase:\n  postgresVersion: 17\nimage:\n  tag: 15-alpine\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("image.tag").contains("older than the PostgreSQL 17 server");
    }

    @Test
    void duplicateKeysAndBrokenYamlAreErrorsWithPosition() throws Exception {
        CliRun dup = render(HEAD + "project:\n  name: a\n  name: b\n");
        assertThat(dup.exitCode()).isEqualTo(2);
        assertThat(dup.err()).contains("backupgen.yaml:5:3: duplicate key: mapping key \"name\" already defined at line 4");
        CliRun broken = render(HEAD + "project:\n  name: [unclosed\n");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("not valid YAML");
    }

    @Test
    void unknownProfileSuggestsABuiltInOne() throws Exception {
        CliRun r = render(HEAD + "profile: prodution\nproject:\n  name: shop\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:3:10: profile: unknown profile 'prodution'")
                .contains("did you mean 'production'?");
    }

    @Test
    void verificationOfADisabledTierIsRejected() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    enabled: false\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("verify.tier: the verification reads daily backups, but tiers.daily is disabled")
                .contains("restore.tier: the restore reads daily backups");
        CliRun ok = render(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    enabled: false\n"
                + "verify:\n  tier: weekly\nrestore:\n  enabled: false\n");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(dir.resolve("out/k8s/base/backup-restore-cronjob.yaml")).doesNotExist();
        assertThat(java.nio.file.Files.readString(dir.resolve("out/k8s/base/kustomization.yaml")))
                .doesNotContain("backup-restore-cronjob.yaml").contains("backup-verify-cronjob.yaml");
    }

    @Test
    void uncompressedPlainBackupIsRejected() throws Exception {
        CliRun r = render(HEAD + "project:\n  name: shop\nbackup:\n  compressionLevel: 0\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:6:21: backup.compressionLevel: plain backups are gzip files");
        assertThat(render(HEAD + "project:\n  name: shop\nbackup:\n  compressionLevel: 0\n  format: custom\n")
                .exitCode()).isZero();
    }

    @Test
    void missingSpecFileSaysHowToCreateOne() {
        CliRun r = CliRun.of("render", "-f", dir.resolve("nope.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("spec file not found").contains("backupgen init");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        SpecLoader loader = new SpecLoader(new Profiles(null));
        assertThatThrownBy(() -> loader.load("s.yaml", HEAD + "project:\n  nam: x\nstorage:\n  sise: 1Gi\n"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.diagnostics())
                        .extracting(Diagnostic::path).containsExactly("project.nam", "storage.sise"));
    }
}
