package io.backupgen.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An environment whose database.host names another namespace would back up, verify against and
 * restore into that namespace's database: render refuses it (exit 2, the field, a fix) unless the
 * spec acknowledges it with database.crossNamespace.
 */
class CrossNamespaceTest {
    @TempDir
    Path dir;

    private static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\n";

    private CliRun render(Path spec) {
        return CliRun.of("render", "-f", spec.toString(), "-o", dir.resolve("out").toString());
    }

    private CliRun render(String yaml) throws Exception {
        Path spec = dir.resolve("backupgen.yaml");
        Files.writeString(spec, yaml);
        return render(spec);
    }

    /** samples/production.yaml as it shipped: its staging overlay backed up production. */
    @Test
    void theOldProductionSampleIsRefusedWithTheFieldAndTheFix() {
        Path old = Repo.root().resolve("src/test/resources/clusters/production-staging-backs-up-prod.yaml");
        CliRun r = render(old);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err())
                .contains("production-staging-backs-up-prod.yaml:11:9: database.host: environment 'staging' runs in"
                        + " namespace 'billing-staging', but database.host 'billing-db-rw.billing-prod.svc.cluster.local'"
                        + " is in namespace 'billing-prod'")
                .contains("allowed: a database in namespace billing-staging, or database.crossNamespace: true")
                .contains("environments.staging.database.host: billing-db-rw.billing-staging.svc.cluster.local")
                .doesNotContain("Exception");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void theFixedSampleRendersStagingAgainstItsOwnDatabase() {
        CliRun r = CliRun.of("render", "-f", Repo.root().resolve("samples/production.yaml").toString(), "--env",
                "staging", "--stdout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POSTGRES_HOST: billing-db-rw.billing-staging.svc.cluster.local")
                .doesNotContain("billing-prod");
    }

    @Test
    void crossNamespaceAcknowledgesIt() throws Exception {
        String spec = HEAD + """
                project: {name: shop, namespace: shop}
                database: {host: shop-db.shop.svc}
                environments:
                  dr:
                    namespace: shop-dr
                """;
        CliRun refused = render(spec);
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("environment 'dr' runs in namespace 'shop-dr'", "shop-db.shop-dr.svc");
        CliRun ok = render(spec.replace("namespace: shop-dr", "namespace: shop-dr\n    database: {crossNamespace: true}"));
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
    }

    @Test
    void theBaseIsCheckedToo() throws Exception {
        CliRun r = render(HEAD + "project: {name: shop, namespace: shop}\n"
                + "database: {host: shop-db.payments.svc.cluster.local}\n");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:4:18: database.host: the base (project.namespace) runs in namespace"
                + " 'shop'", "set database.host to the database in shop, e.g. 'shop-db.shop.svc.cluster.local'");
    }

    /** Only Service names say where they are; external names and bare Service names are the pods' own. */
    @Test
    void hostsThatNameNoNamespacePass() throws Exception {
        for (String host : new String[] {"shop-db", "db.example.com", "shop-db.shop.svc", "10.0.0.5"}) {
            CliRun r = render(HEAD + "project: {name: shop, namespace: shop}\ndatabase: {host: " + host + "}\n");
            assertThat(r.exitCode()).as("%s: %s", host, r).isZero();
        }
    }
}
