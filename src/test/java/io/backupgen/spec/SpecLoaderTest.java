package io.backupgen.spec;

import io.backupgen.text.Suggest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {
    private static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\n";

    @Test
    void minimalSpecGetsProductionSafeDefaults() {
        Spec s = new SpecLoader(new Profiles(null)).load("s.yaml", HEAD + "project:\n  name: Shop\n").spec();
        assertThat(s.tiers().daily().keep()).isEqualTo(7);
        assertThat(s.tiers().weekly().schedule()).isEqualTo("0 3 * * 0");
        assertThat(s.tiers().monthly().activeDeadlineSeconds()).isEqualTo(7200);
        assertThat(s.storage().accessMode()).isEqualTo("ReadWriteOnce");
        assertThat(s.database().postgresVersion()).isEqualTo(16);
        assertThat(s.project().slug()).isNull(); // derived by the model
    }

    @Test
    void profileLayersUnderTheSpec() {
        Spec s = new SpecLoader(new Profiles(null)).load("s.yaml",
                HEAD + "profile: production\nproject:\n  name: Shop\ntiers:\n  weekly:\n    keep: 5\n").spec();
        assertThat(s.tiers().daily().keep()).as("from the profile").isEqualTo(14);
        assertThat(s.tiers().weekly().keep()).as("the spec wins over the profile").isEqualTo(5);
        assertThat(s.storage().size()).isEqualTo("50Gi");
        assertThat(s.tiers().daily().schedule()).as("from the defaults").isEqualTo("0 2 * * *");
    }

    @Test
    void localProfileBesideTheSpecWinsOverBuiltIn(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/production.yaml"), "storage:\n  size: 1Ti\n");
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, HEAD + "profile: production\nproject:\n  name: Shop\n");
        assertThat(SpecLoader.forSpecFile(spec).load(spec).spec().storage().size()).isEqualTo("1Ti");
    }

    @Test
    void badLocalProfileIsReportedInItsOwnFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/team.yaml"), "storage:\n  size: lots\n");
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, HEAD + "profile: team\nproject:\n  name: Shop\n");
        try {
            SpecLoader.forSpecFile(spec).load(spec);
            throw new AssertionError("expected a SpecException");
        } catch (SpecException e) {
            assertThat(e.getMessage()).contains("team.yaml:2:9: storage.size: value \"lots\" has the wrong form");
        }
    }

    @Test
    void builtInProfilesAreListed() {
        assertThat(new Profiles(null).names()).contains("production", "staging");
    }

    @Test
    void everyBuiltInProfileIsValid() {
        for (String name : new Profiles(null).names()) {
            new SpecLoader(new Profiles(null)).load("s.yaml", HEAD + "profile: " + name + "\nproject:\n  name: x\n");
        }
    }

    @Test
    void suggestCatchesTyposNotUnrelatedWords() {
        assertThat(Suggest.nearest("kep", java.util.List.of("keep", "schedule"))).contains("keep");
        assertThat(Suggest.nearest("shcedule", java.util.List.of("keep", "schedule"))).contains("schedule");
        assertThat(Suggest.nearest("banana", java.util.List.of("keep", "schedule"))).isEmpty();
    }

    @Test
    void slugsAreDns1123() {
        assertThat(Slugs.derive("Acme Shop!")).isEqualTo("acme-shop");
        assertThat(Slugs.derive("Café  Ünïcode__DB")).isEqualTo("cafe-unicode-db");
        assertThat(Slugs.derive("---")).isEmpty();
    }
}
