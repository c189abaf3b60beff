package io.backupgen.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.ApiServerSchemas;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every positive and negative fixture of the validator ({@code validate/agreement/accepted|rejected},
 * one case per file: the false rejections and misses of issue 8, YAML as kubectl reads it, and the
 * kinds the old typed layer skipped) gets the real API server's verdict from {@code validate}:
 * offline (built-in schemas, newest version) and with {@code --kubernetes-version 1.26.0} and schemas
 * generated from that server's own OpenAPI v3. The server is asked through kubectl
 * ({@code create --dry-run=server}), so kubectl's own YAML reading is part of the verdict. References
 * to objects outside the file are allowed ({@code --allow-external-refs}): the API server never
 * checks them.
 */
class ApiServerAgreementTest {
    static final Path FIXTURES = Path.of("src/test/resources/validate/agreement");

    static Stream<Path> fixtures() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("accepted", "rejected")) {
            try (Stream<Path> s = Files.list(FIXTURES.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(all::add);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void validateGivesTheApiServersVerdict(Path fixture) {
        boolean expected = fixture.getParent().getFileName().toString().equals("accepted");
        KubeApiServer.Verdict server = KubeApiServer.shared().kubectlDryRun(fixture);
        // the fixture is what its folder says, by the server's own word
        assertThat(server.accepted()).as("API server on %s: %s", fixture, server).isEqualTo(expected);

        CliRun offline = CliRun.of("validate", "--allow-external-refs", fixture.toString());
        assertThat(offline.exitCode() == 0).as("offline: %s\nserver: %s", offline, server).isEqualTo(expected);
        assertThat(offline.exitCode()).as(offline.toString()).isIn(0, 1);

        List<String> args = new ArrayList<>(List.of("validate", "--allow-external-refs"));
        args.addAll(ApiServerSchemas.args());
        args.add(fixture.toString());
        CliRun withSchemas = CliRun.of(args.toArray(String[]::new));
        assertThat(withSchemas.exitCode() == 0).as("1.26 schemas: %s\nserver: %s", withSchemas, server).isEqualTo(expected);
        assertThat(withSchemas.exitCode()).as(withSchemas.toString()).isIn(0, 1);
    }

    @Test
    void theGeneratedSchemasAreTheServersAndFollowTheSharedConventions() throws IOException {
        Path strict = ApiServerSchemas.dir().resolve("v1.26.0-standalone-strict");
        // kinds unchanged since 1.26 come out exactly as the shared 1.29 ones (same conventions)
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String kind : List.of("configmap-v1.json", "secret-v1.json", "serviceaccount-v1.json", "role-rbac-v1.json")) {
            assertThat(json.readTree(strict.resolve(kind).toFile())).as(kind).isEqualTo(
                    json.readTree(io.backupgen.testing.Repo.shared().resolve("k8s-schemas/v1.29.0-standalone-strict")
                            .resolve(kind).toFile()));
        }
        // and this server's own: 1.26 has no ValidatingAdmissionPolicy v1, the flowcontrol API is v1beta2/3
        assertThat(strict.resolve("validatingadmissionpolicy-admissionregistration-v1.json")).doesNotExist();
        assertThat(strict.resolve("flowschema-flowcontrol-v1beta3.json")).exists();
    }

    @Test
    void warningsAreSaidWhereTheServerAcceptsWhatWillHurt() {
        CliRun dup = CliRun.of("validate", FIXTURES.resolve("accepted/duplicate-key-last-wins.yaml").toString());
        assertThat(dup.exitCode()).isZero();
        assertThat(dup.out()).contains(":8: ConfigMap/twice: warning: mapping key \"mode\" already defined at line 7;"
                + " the last one wins, as kubectl reads it");
        CliRun sts = CliRun.of("validate", FIXTURES.resolve("accepted/statefulset-mount-of-no-volume.yaml").toString());
        assertThat(sts.exitCode()).isZero();
        assertThat(sts.out()).contains("warning: volume \"data\" is not defined", "rejects every pod it creates");
    }
}
