package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.Proc;
import io.backupgen.scripts.harness.RenderedScripts;
import io.backupgen.scripts.harness.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * shellcheck reports nothing on any rendered script. Dialect {@code -s sh} (strict POSIX): busybox ash
 * accepts a superset of POSIX sh, and so does dash; checking against plain POSIX keeps the scripts free of
 * anything one of the shells they meet (alpine's busybox, Debian images' dash) might not have. Every
 * severity counts, info and style included.
 */
class ShellcheckTest {

    /** Off-site copies on: the ConfigMap also ships the rclone containers' scripts. */
    private static final String OFFSITE = """
            offsite:
              enabled: true
              bucket: shop-backups
              credentials: {secretName: shop-s3}
              encryption: {secretName: shop-offsite-key}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"backup.sh", "common.sh", "list.sh", "metrics.sh", "restore.sh", "verify.sh", "fetch.sh",
        "offsite.sh", "upload.sh"})
    void renderedScriptIsClean(String key) throws IOException {
        Path shellcheck = Tools.shellcheck();
        RenderedScripts rendered = RenderedScripts.render(
                new RenderedScripts.Target("shop", "db.example", 5432, "shop", Map.of("specTail", OFFSITE)));
        byte[] script = rendered.script(key);
        assertThat(new String(script, StandardCharsets.UTF_8)).startsWith("#!/bin/sh\n");
        Path tmp = Files.createTempFile("shellcheck-", "-" + key);
        try {
            Files.write(tmp, script);
            Proc.Result r = Proc.run(List.of(shellcheck.toString(), "-s", "sh", "-S", "style", "-f", "gcc",
                    tmp.toString()), null, null, Duration.ofSeconds(60));
            assertThat(r.exit()).as("shellcheck -s sh on %s:%n%s", key, r.output()).isZero();
            assertThat(r.output()).as("shellcheck findings for %s", key).isEmpty();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
