package io.backupgen.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.RenderedScripts;
import io.backupgen.scripts.harness.RenderedScripts.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seam itself: the scripts the tests run are the rendered ones, shipped byte for byte. */
class RenderedScriptsTest {

    private final RenderedScripts rendered = RenderedScripts.render(
            new RenderedScripts.Target("shop", "db.example", 5432, "shop", Map.of()));

    @Test
    void scriptsConfigMapShipsTheTemplatesByteForByte() throws IOException {
        for (String key : RenderedScripts.SCRIPT_KEYS) {
            try (InputStream in = getClass().getResourceAsStream("/templates/scripts/" + key)) {
                assertThat(in).as(key).isNotNull();
                assertThat(rendered.script(key)).as(key).isEqualTo(in.readAllBytes());
            }
        }
    }

    @Test
    void everyWorkloadRunsItsScriptAsThePostgresUser() {
        for (Workload w : new Workload[] {Workload.BACKUP_DAILY, Workload.BACKUP_WEEKLY, Workload.BACKUP_MONTHLY}) {
            assertThat(rendered.scriptOf(w)).isEqualTo("backup.sh");
        }
        assertThat(rendered.scriptOf(Workload.RESTORE)).isEqualTo("restore.sh");
        assertThat(rendered.scriptOf(Workload.VERIFY)).isEqualTo("verify.sh");
        for (Workload w : Workload.values()) {
            if (w != Workload.BACKUP) { // one-dump mode's job, rendered below
                assertThat(rendered.runAsUser(w)).as(w.name()).isEqualTo(70);
            }
        }
        RenderedScripts single = RenderedScripts.render(
                new RenderedScripts.Target("shop", "db.example", 5432, "shop", Map.of("mode", "single")));
        assertThat(single.scriptOf(Workload.BACKUP)).isEqualTo("backup.sh");
        assertThat(single.runAsUser(Workload.BACKUP)).isEqualTo(70);
    }
}
