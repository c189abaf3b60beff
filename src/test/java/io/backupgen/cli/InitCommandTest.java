package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.spec.Profiles;
import io.backupgen.spec.Spec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesACommentedSpecThatLoadsWithTheAnswers() throws Exception {
        Path f = dir.resolve("backupgen.yaml");
        CliRun r = CliRun.of("init", "-o", f.toString(), "--no-input", "--name", "Acme Shop", "--db-host", "acme-db",
                "--postgres-version", "17", "--storage-class", "fast", "--time-zone", "Europe/Berlin",
                "--set", "tiers.daily.keep=14", "--set", "backup.format=custom");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        String text = Files.readString(f);
        assertThat(text).contains("# How many backups of this tier to keep").contains("keep: 14");
        Spec s = new SpecLoader(new Profiles(null)).load(f.toString(), text).spec();
        assertThat(s.project().name()).isEqualTo("Acme Shop");
        assertThat(s.database().host()).isEqualTo("acme-db");
        assertThat(s.database().postgresVersion()).isEqualTo(17);
        assertThat(s.storage().storageClassName()).isEqualTo("fast");
        assertThat(s.tiers().monthly().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(s.tiers().daily().keep()).isEqualTo(14);
        assertThat(s.backup().format()).isEqualTo("custom");
        // and it renders
        assertThat(CliRun.of("render", "-f", f.toString(), "-o", dir.toString()).exitCode()).isZero();
    }

    @Test
    void alertsAreOffUnlessAskedForAndThenRenderAPrometheusRule() throws Exception {
        Path off = dir.resolve("off.yaml");
        assertThat(CliRun.of("init", "-o", off.toString(), "--no-input", "--name", "Shop").exitCode()).isZero();
        assertThat(new SpecLoader(new Profiles(null)).load(off).spec().alerts().enabled()).isFalse();

        Path on = dir.resolve("on.yaml");
        CliRun r = CliRun.of("init", "-o", on.toString(), "--no-input", "--name", "Shop", "--alerts",
                "--pushgateway-url", "http://pushgateway.monitoring:9091");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Spec s = new SpecLoader(new Profiles(null)).load(on).spec();
        assertThat(s.alerts().enabled()).isTrue();
        assertThat(s.metrics().pushgatewayUrl()).isEqualTo("http://pushgateway.monitoring:9091");
        Path out = dir.resolve("out");
        assertThat(CliRun.of("render", "-f", on.toString(), "-o", out.toString()).exitCode()).isZero();
        assertThat(out.resolve("k8s/base/backup-prometheusrule.yaml")).exists();
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path f = dir.resolve("backupgen.yaml");
        Files.writeString(f, "mine\n");
        CliRun r = CliRun.of("init", "-o", f.toString(), "--name", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("already exists").contains("--force");
        assertThat(f).hasContent("mine");
        assertThat(CliRun.of("init", "-o", f.toString(), "--name", "x", "--force").exitCode()).isZero();
    }

    @Test
    void withoutATerminalTheNameIsRequiredAndNothingIsPrompted() {
        CliRun r = CliRun.of("init", "-o", dir.resolve("s.yaml").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--name is required");
    }

    @Test
    void invalidAnswersWriteNothing() {
        Path f = dir.resolve("s.yaml");
        CliRun r = CliRun.of("init", "-o", f.toString(), "--name", "x", "--set", "tiers.daily.kep=3");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("tiers.daily.kep").contains("did you mean 'keep'?");
        assertThat(f).doesNotExist();
    }
}
