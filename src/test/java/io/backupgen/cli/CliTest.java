package io.backupgen.cli;

import io.backupgen.text.Suggest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import org.junit.jupiter.api.Test;

class CliTest {
    @Test
    void everyCommandsHelpHasExamplesAndExitCodes() {
        for (String cmd : new String[] {"init", "render", "schema", "version"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertThat(r.exitCode()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Exit codes:").contains("2  usage or input error");
            if (!cmd.equals("version")) {
                assertThat(r.out()).as(cmd).contains("Examples:");
            }
        }
    }

    @Test
    void unknownOptionIsAUsageErrorWithASuggestion() {
        CliRun r = CliRun.of("render", "--chek");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--chek'").contains("--check");
    }

    @Test
    void schemaIsValidJsonDescribingTheSpec() throws Exception {
        CliRun r = CliRun.of("schema");
        assertThat(r.exitCode()).isZero();
        var node = new ObjectMapper().readTree(r.out());
        assertThat(node.path("properties").path("tiers").path("properties").fieldNames()).toIterable()
                .containsExactly("mode", "daily", "weekly", "monthly");
    }

    @Test
    void completionScriptIsAvailable() {
        CliRun r = CliRun.of("generate-completion");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("complete").contains("render");
    }

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(CliRun.of("version").out()).matches("\\d+\\.\\d+\\.\\d+.*\\s*");
    }
}
