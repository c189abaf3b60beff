package io.backupgen.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.KubeApiServer;
import io.backupgen.testing.KubeSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered NetworkPolicy, field by field: no ingress, egress only to the database (its pods, or its
 * address range) on its port, cluster DNS, and each extra target; rendered only when the spec says
 * where the database is. Each policy is also checked by the strict schemas and the real API server.
 */
class NetworkPolicyTest {
    @TempDir
    Path dir;

    private static final String HEAD = """
            apiVersion: backupgen.io/v1alpha1
            kind: BackupSpec
            project: {name: shop, namespace: shop}
            """;

    private static final String DNS = """
            - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                  podSelector: {matchLabels: {k8s-app: kube-dns}}
              ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
            """;

    private List<ObjectNode> render(String spec) throws Exception {
        Path file = dir.resolve("backupgen.yaml");
        Files.writeString(file, HEAD + spec);
        CliRun r = CliRun.of("render", "-f", file.toString(), "--stdout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return Manifests.parse(r.out());
    }

    private ObjectNode policy(String spec) throws Exception {
        List<ObjectNode> objects = render(spec);
        List<ObjectNode> policies = objects.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).toList();
        assertThat(policies).hasSize(1);
        ObjectNode np = policies.get(0);
        assertThat(np.at("/metadata/name").asText()).isEqualTo("shop-backup");
        // No ingress at all: Ingress is a policy type and no ingress rule is listed.
        assertThat(np.at("/spec/policyTypes")).isEqualTo(yaml("[Ingress, Egress]"));
        assertThat(np.at("/spec/ingress").isMissingNode()).isTrue();
        assertThat(np.at("/spec/podSelector")).isEqualTo(
                yaml("matchLabels: {app.kubernetes.io/name: shop, app.kubernetes.io/component: backup}"));
        for (String version : KubeSchemas.VERSIONS) {
            assertThat(KubeSchemas.problems(Manifests.write(np), version)).as(version).isEmpty();
        }
        KubeApiServer.Verdict v = KubeApiServer.shared().dryRun(np);
        assertThat(v.accepted()).as(v.toString()).isTrue();
        return np;
    }

    static JsonNode yaml(String text) {
        return Manifests.parse("v:\n" + text.indent(2)).get(0).get("v");
    }

    @Test
    void podSelectorDatabaseInTheNamespaceItsHostNames() throws Exception {
        ObjectNode np = policy("""
                database: {host: shop-db-rw.shop.svc.cluster.local, port: 5432}
                networkPolicy:
                  database:
                    podSelector: {matchLabels: {cnpg.io/cluster: shop-db}}
                """);
        assertThat(np.at("/spec/egress")).isEqualTo(yaml("""
                - to:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
                      podSelector: {matchLabels: {cnpg.io/cluster: shop-db}}
                  ports: [{protocol: TCP, port: 5432}]
                """ + DNS));
    }

    @Test
    void podSelectorDatabaseWithABareServiceNameStaysInTheOwnNamespace() throws Exception {
        ObjectNode np = policy("""
                database: {host: shop-db, port: 6432}
                networkPolicy:
                  database:
                    podSelector:
                      matchExpressions: [{key: app, operator: In, values: [pg]}]
                    port: 5432        # the pods' port behind the Service's 6432
                """);
        assertThat(np.at("/spec/egress/0")).isEqualTo(yaml("""
                to:
                  - podSelector: {matchExpressions: [{key: app, operator: In, values: [pg]}]}
                ports: [{protocol: TCP, port: 5432}]
                """));
    }

    @Test
    void explicitNamespaceSelectorWins() throws Exception {
        ObjectNode np = policy("""
                database: {host: shop-db.data.svc, crossNamespace: true}
                networkPolicy:
                  database:
                    podSelector: {matchLabels: {app: pg}}
                    namespaceSelector: {matchLabels: {team: data}}
                """);
        assertThat(np.at("/spec/egress/0/to")).isEqualTo(yaml("""
                - namespaceSelector: {matchLabels: {team: data}}
                  podSelector: {matchLabels: {app: pg}}
                """));
    }

    @Test
    void cidrDatabaseWithoutAndWithAnExtraEgressTarget() throws Exception {
        String spec = """
                database: {host: shop.db.example.com, port: 5433}
                networkPolicy:
                  database: {cidr: 10.20.0.0/24}
                """;
        String database = """
                - to: [{ipBlock: {cidr: 10.20.0.0/24}}]
                  ports: [{protocol: TCP, port: 5433}]
                """;
        assertThat(policy(spec).at("/spec/egress")).isEqualTo(yaml(database + DNS));

        ObjectNode withProxy = policy(spec + """
                  extraEgress:
                    - to: [{ipBlock: {cidr: 192.168.7.10/32}}]
                      ports: [{protocol: TCP, port: 3128}]
                """);
        assertThat(withProxy.at("/spec/egress")).isEqualTo(yaml(database + DNS + """
                - to: [{ipBlock: {cidr: 192.168.7.10/32}}]
                  ports: [{protocol: TCP, port: 3128}]
                """));
    }

    @Test
    void openShiftDnsIsOneSettingAway() throws Exception {
        ObjectNode np = policy("""
                networkPolicy:
                  database: {cidr: "fd00:10::/64"}
                  dns:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}
                    podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}
                    ports: [{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}]
                """);
        assertThat(np.at("/spec/egress/0/to/0/ipBlock/cidr").asText()).isEqualTo("fd00:10::/64");
        assertThat(np.at("/spec/egress/1")).isEqualTo(yaml("""
                to:
                  - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: openshift-dns}}
                    podSelector: {matchLabels: {dns.operator.openshift.io/daemonset-dns: default}}
                ports: [{protocol: UDP, port: 5353}, {protocol: TCP, port: 5353}]
                """));
    }

    @Test
    void noPolicyUntilTheSpecSaysWhereTheDatabaseIsOrWhenSwitchedOff() throws Exception {
        assertThat(render("database: {host: shop-db}\n")).noneMatch(o -> o.path("kind").asText().equals("NetworkPolicy"));
        assertThat(render("networkPolicy:\n  enabled: false\n  database: {cidr: 10.0.0.0/8}\n"))
                .noneMatch(o -> o.path("kind").asText().equals("NetworkPolicy"));
    }
}
