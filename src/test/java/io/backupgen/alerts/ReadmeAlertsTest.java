package io.backupgen.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.model.BackupModel;
import io.backupgen.pipeline.RenderPipeline;
import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.SpecLoader;
import io.backupgen.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's alert table is the production sample's model, not a hand-made copy that drifts. */
class ReadmeAlertsTest {
    @Test
    void readmeListsEveryAlertAndTheSamplesThresholds() throws Exception {
        String readme = Files.readString(Repo.root().resolve("README.md"));
        Path sample = Repo.root().resolve("samples/production.yaml");
        LoadedSpec loaded = SpecLoader.forSpecFile(sample).load(sample);
        BackupModel m = RenderPipeline.model(loaded);
        assertThat(m.alerts().rules()).allSatisfy(r -> assertThat(readme).contains("`" + r.alert() + "`"));
        m.alerts().maxAge().forEach((job, max) -> assertThat(readme)
                .as("README row of %s", job)
                .contains("| " + job + " | `" + max.schedule() + "` " + max.timeZone() + " | "
                        + MaxAge.human(max.gap().length().toSeconds()))
                .contains(MaxAge.human(max.idleSeconds()) + " / " + max.human() + " (" + max.seconds() + " s) |"));
        assertThat(readme).contains("(" + AlertRules.volumeWindow(new AlertRules.Input(loaded.spec().alerts(), true,
                "", m.namespace(), "", m.tiers().stream().map(t -> new AlertRules.Watched(t.name(), t.job().name(),
                m.alerts().maxAge().get(t.name()), t.job().suspend())).toList(), new AlertRules.Watched("daily",
                m.verify().job().name(), m.alerts().maxAge().get("verify"), false))) + " for\nthe sample)");
    }
}
