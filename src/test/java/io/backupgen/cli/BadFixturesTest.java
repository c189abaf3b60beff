package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.SharedSchemas;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One fixture per broken rule (src/test/resources/validate/bad/CASE.yaml: the good tree as one
 * stream, with the change named in its header), through the real CLI: exit 1, and a finding line
 * naming the document, the field path and the rule — offline and with the shared schemas.
 */
class BadFixturesTest {
    static final String P = "spec.jobTemplate.spec.template.spec";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-field       | CronJob/acme-shop-backup-daily | spec.jobTemplate.spec.template.spec.containers[0].imagePullSecret | schema | schema
            wrong-type          | CronJob/acme-shop-backup-daily | spec.successfulJobsHistoryLimit | schema | schema
            missing-required    | CronJob/acme-shop-backup-daily | spec.jobTemplate.spec.template.spec.containers[0].name | schema | schema
            cronjob-name-53     | CronJob/acme-shop-backup-daily-with-a-name-much-too-long-xyzw | metadata.name | name-length | name-length
            bad-cron            | CronJob/acme-shop-backup-daily | spec.schedule | cron | cron
            six-field-cron      | CronJob/acme-shop-backup-daily | spec.schedule | cron | cron
            unknown-time-zone   | CronJob/acme-shop-backup-daily | spec.timeZone | time-zone | time-zone
            bad-quantity        | PersistentVolumeClaim/acme-shop-backup-pvc | spec.resources.requests.storage | quantity | quantity
            dangling-secret-key | CronJob/acme-shop-backup-daily | spec.jobTemplate.spec.template.spec.containers[0].env[4].valueFrom.secretKeyRef.key | ref-secret | ref-secret
            """)
    void eachBrokenRuleIsReportedWithPathAndRule(String fixture, String document, String path, String offlineRule,
                                                 String schemaRule) {
        String file = "src/test/resources/validate/bad/" + fixture + ".yaml";

        String offline = run(ExitCode.FINDINGS, List.of("validate", file));
        assertThat(offline.lines()).anyMatch(l -> l.startsWith(file + ":") && l.contains(": " + document + ": " + path + ": ")
                && l.endsWith("(" + offlineRule + ")"));

        for (String version : List.of("1.31.0", "1.36.0")) {
            List<String> args = new ArrayList<>(List.of("validate", "--kubernetes-version", version));
            args.addAll(SharedSchemas.args());
            args.add(file);
            String withSchemas = run(ExitCode.FINDINGS, args);
            assertThat(withSchemas.lines()).as(version).anyMatch(l -> l.contains(": " + document + ": " + path + ": ")
                    && l.endsWith("(" + schemaRule + ")"));
        }
    }

    static String run(int expectedExit, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.create(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args.toArray(String[]::new));
        assertThat(code).as("exit code of %s%n%s%s", args, out, err).isEqualTo(expectedExit);
        return out.toString();
    }
}
