package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A spec error end to end: {@code render} of a spec must exit 2 and write nothing; its messages are the test's. */
public final class RefusedRender {
    /** The smallest spec head; the tests append the part they get wrong. */
    public static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\nproject:\n  name: shop\n";

    private RefusedRender() {
    }

    /** Writes {@code dir/backupgen.yaml} as {@link #HEAD} plus {@code body} and renders it into {@code dir/out}. */
    public static CliRun of(Path dir, String body) throws IOException {
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, HEAD + body);
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(dir.resolve("out")).doesNotExist();
        return r;
    }
}
