package io.backupgen.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.render.Manifests;
import io.backupgen.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code init} asks where the database is, so the spec it writes renders a NetworkPolicy. */
class InitNetworkPolicyTest {
    @TempDir
    Path dir;

    private String policyEgress(Path spec) {
        CliRun r = CliRun.of("render", "-f", spec.toString(), "--stdout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Manifests.write(Manifests.parse(r.out()).stream()
                .filter(o -> o.path("kind").asText().equals("NetworkPolicy")).findFirst().orElseThrow()
                .at("/spec/egress/0"));
    }

    @Test
    void databasePodLabels() throws Exception {
        Path f = dir.resolve("backupgen.yaml");
        CliRun r = CliRun.of("init", "-o", f.toString(), "--no-input", "--name", "shop", "--namespace", "shop",
                "--db-host", "shop-db-rw.shop.svc.cluster.local", "--db-pod-labels", "cnpg.io/cluster=shop-db, role=primary");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(f)).contains("    podSelector:\n", "        cnpg.io/cluster: shop-db\n");
        assertThat(policyEgress(f)).isEqualTo("""
                to:
                  - namespaceSelector:
                      matchLabels:
                        kubernetes.io/metadata.name: shop
                    podSelector:
                      matchLabels:
                        cnpg.io/cluster: shop-db
                        role: primary
                ports:
                  - protocol: TCP
                    port: 5432
                """);
    }

    @Test
    void databaseCidrAndBadAnswers() throws Exception {
        Path f = dir.resolve("backupgen.yaml");
        CliRun r = CliRun.of("init", "-o", f.toString(), "--no-input", "--name", "shop", "--db-cidr", "10.40.12.0/24");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(policyEgress(f)).contains("cidr: 10.40.12.0/24");

        Path g = dir.resolve("bad.yaml");
        CliRun bad = CliRun.of("init", "-o", g.toString(), "--no-input", "--name", "shop", "--db-cidr", "10.40.12.0");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("networkPolicy.database.cidr", "nothing was written");
        CliRun labels = CliRun.of("init", "-o", g.toString(), "--no-input", "--name", "shop", "--db-pod-labels", "shop-db");
        assertThat(labels.exitCode()).isEqualTo(2);
        assertThat(labels.err()).contains("--db-pod-labels takes KEY=VALUE");
        assertThat(g).doesNotExist();
    }
}
