package io.backupgen.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad alert settings: a clear error with the field and what is allowed, exit 2, nothing written. */
class AlertSpecErrorsTest {
    private static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: shop\n";
    @TempDir
    Path dir;

    private CliRun render(String yaml) throws Exception {
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, yaml);
        return CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
    }

    @Test
    void aRuleLabelBackupgenSetsItselfIsRejected() throws Exception {
        CliRun r = render(HEAD + "alerts:\n  enabled: true\n  ruleLabels:\n    app.kubernetes.io/name: x\n");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("alerts.ruleLabels", "label 'app.kubernetes.io/name' is set by backupgen");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRunbookUrlWithAFragmentIsRejected() throws Exception {
        CliRun r = render(HEAD + "alerts:\n  runbookBaseUrl: https://wiki.example.com/backups#top\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("alerts.runbookBaseUrl", "already has a fragment");
    }

    @Test
    void outOfRangeKnobsNameWhatIsAllowed() throws Exception {
        CliRun r = render(HEAD + "alerts:\n  volumeUsedPercent: 150\nmetrics:\n  pushgatewayUrl: pushgateway:9091\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("alerts.volumeUsedPercent", "metrics.pushgatewayUrl");
    }
}
