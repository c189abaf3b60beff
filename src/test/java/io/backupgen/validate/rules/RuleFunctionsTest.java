package io.backupgen.validate.rules;

import io.backupgen.kube.KubeValues;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pure functions behind the rules, over the edge cases of Kubernetes' own validation. */
class RuleFunctionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0 2 * * *", "*/15 * * * *", "0 3 * * 0", "0 4 1 * *", "0 0 ? * MON-FRI", "30 1 1,15 * *",
            "0 0 1 JAN *", "0 */6 * * *", "@daily", "@hourly", "@every 1h30m", "@midnight", "5 4 * * SUN", "0 0 * * 6"})
    void kubernetesAcceptsTheseSchedules(String schedule) {
        assertThat(KubeValues.cron(schedule, true)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 25 * * *", "60 * * * *", "* * 32 * *", "* * * 13 *", "* * * * 7", "0 0 2 * * ?",
            "0 0 2 * * ? 2030", "0 2 * *", "", "@fortnightly", "@every soon", "0 0 L * *", "0 0 1W * *", "bananas * * * *"})
    void kubernetesRejectsTheseSchedules(String schedule) {
        assertThat(KubeValues.cron(schedule, true)).hasValueSatisfying(p -> assertThat(p.error()).isTrue());
    }

    @Test
    void timeZonePrefixIsAnErrorWithSpecTimeZoneAndAWarningWithout() {
        assertThat(KubeValues.cron("CRON_TZ=Europe/Berlin 0 2 * * *", true))
                .hasValueSatisfying(p -> assertThat(p.error()).isTrue());
        Optional<KubeValues.CronProblem> warn = KubeValues.cron("TZ=Europe/Berlin 0 2 * * *", false);
        assertThat(warn).hasValueSatisfying(p -> {
            assertThat(p.error()).isFalse();
            assertThat(p.message()).contains("spec.timeZone: Europe/Berlin");
        });
        assertThat(KubeValues.cron("TZ=Mars/Olympus 0 2 * * *", false)).hasValueSatisfying(p -> assertThat(p.error()).isTrue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "EST5EDT", "Etc/GMT-1", "Asia/Kolkata"})
    void ianaZonesAreAccepted(String zone) {
        assertThat(KubeValues.timeZoneProblem(zone)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Local", "local", "+01:00", "GMT+1", "UTC+2", "CET+1", "", "Europe/Berln", "europe/berlin", "Z"})
    void nonIanaZonesAreRejected(String zone) {
        assertThat(KubeValues.timeZoneProblem(zone)).isPresent();
    }

    @Test
    void typosGetTheNearestZoneAndOffsetsAnExplanation() {
        assertThat(KubeValues.timeZoneProblem("America/New_Yrok")).hasValueSatisfying(m -> assertThat(m).contains("America/New_York"));
        assertThat(KubeValues.timeZoneProblem("europe/berlin")).hasValueSatisfying(m -> assertThat(m).contains("\"Europe/Berlin\""));
        assertThat(KubeValues.timeZoneProblem("GMT+1")).hasValueSatisfying(m -> assertThat(m).contains("offsets are not time zones"));
    }

    @Test
    void quantitiesFollowTheKubernetesGrammar() {
        assertThat(QuantityRules.parseQuantity("100m")).contains(new BigDecimal("0.100"));
        assertThat(QuantityRules.parseQuantity("256Mi")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("268435456"));
        assertThat(QuantityRules.parseQuantity("1.5")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.5"));
        assertThat(QuantityRules.parseQuantity("1e3")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1000"));
        assertThat(QuantityRules.parseQuantity(".5Gi")).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("536870912"));
        assertThat(QuantityRules.parseQuantity("1G").get()).isLessThan(QuantityRules.parseQuantity("1Gi").get());
        for (String bad : new String[] {"256MB", "1 Gi", "Gi", "1.2.3", "ten", "1gi", "-", "1Ki2"}) {
            assertThat(QuantityRules.parseQuantity(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void shellNamesAreTheEnvNamesEveryRuleTakes() {
        for (String ok : List.of("A", "_", "PGPASSWORD", "backup_dir_2", "_X9")) {
            assertThat(EnvRules.isShellName(ok)).as(ok).isTrue();
        }
        for (String not : List.of("", "9A", "A-B", "A.B", "A B", "A=B", "\u00c4")) {
            assertThat(EnvRules.isShellName(not)).as(not).isFalse();
        }
    }

    @Test
    void labelKeysAndValues() {
        assertThat(LabelRules.labelKey("app.kubernetes.io/name")).isEmpty();
        assertThat(LabelRules.labelKey("backup-type")).isEmpty();
        assertThat(LabelRules.labelKey("Example.com/x")).isPresent();
        assertThat(LabelRules.labelKey("a/b/c")).isPresent();
        assertThat(LabelRules.labelKey("x".repeat(64))).isPresent();
        assertThat(LabelRules.labelValue("")).isEmpty();
        assertThat(LabelRules.labelValue("v1.2_3-a")).isEmpty();
        assertThat(LabelRules.labelValue("x".repeat(64))).isPresent();
        assertThat(LabelRules.labelValue("-daily")).isPresent();
    }
}
