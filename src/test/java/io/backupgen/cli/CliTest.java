package io.backupgen.cli;

import io.backupgen.text.Suggest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import org.junit.jupiter.api.Test;

class CliTest {
    /**
     * Main builds only the command a command line names (start-up): each command's help, and an error in
     * its options, must read exactly as in the whole tree.
     */
    @Test
    void aCommandBuiltAloneReadsAsInTheWholeTree() {
        for (var e : Cli.COMMANDS.entrySet()) {
            String name = e.getKey();
            assertThat(e.getValue().getAnnotation(picocli.CommandLine.Command.class).name()).isEqualTo(name);
            for (String[] args : new String[][] {{name, "--help"}, {name, "--no-such-flag"}}) {
                java.io.StringWriter aloneOut = new java.io.StringWriter();
                java.io.StringWriter aloneErr = new java.io.StringWriter();
                int alone = Cli.forArgs(args, new java.io.PrintWriter(aloneOut, true), new java.io.PrintWriter(aloneErr, true),
                        java.time.Clock.systemUTC(), io.backupgen.memo.CheckMemo.off()).execute(args);
                CliRun whole = CliRun.of(args);
                assertThat(alone).as(String.join(" ", args)).isEqualTo(whole.exitCode());
                assertThat(aloneOut.toString()).as(String.join(" ", args)).isEqualTo(whole.out());
                assertThat(aloneErr.toString()).as(String.join(" ", args)).isEqualTo(whole.err());
            }
        }
        // not a command: the whole tree, so the root's help lists every command and a typo gets "did you mean"
        CliRun typo = CliRun.main(java.time.Clock.systemUTC(), io.backupgen.memo.CheckMemo.off(), "rendr");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("render");
        assertThat(CliRun.main(java.time.Clock.systemUTC(), io.backupgen.memo.CheckMemo.off(), "--help").out())
                .contains("render").contains("validate").contains("backup-now").contains("generate-completion");
    }

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
