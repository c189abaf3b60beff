package io.backupgen.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.spec.Profiles;
import io.backupgen.spec.Spec;
import io.backupgen.spec.SpecLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hook another module (the off-site object store) uses to open one more destination: an
 * {@link BackupModel.EgressTarget} passed to {@link NetworkPolicies#build}, placed after the database
 * and DNS and before the spec's own extra egress.
 */
class NetworkPoliciesTest {
    private static Spec spec(String body) {
        return new SpecLoader(new Profiles(null)).load("t.yaml", """
                apiVersion: backupgen.io/v1alpha1
                kind: BackupSpec
                project: {name: shop}
                """ + body).spec();
    }

    private static final BackupModel.Database DB = new BackupModel.Database("postgres", "shop-db", 5432, "shop", 16,
            "username", "password");

    @Test
    void anotherModulesTargetComesAfterDatabaseAndDnsAndBeforeTheSpecsExtras() {
        Spec spec = spec("""
                networkPolicy:
                  database: {cidr: 10.0.0.0/24}
                  extraEgress: [{to: [{ipBlock: {cidr: 10.9.9.9/32}}], ports: [{port: 3128}]}]
                """);
        BackupModel.EgressTarget store = NetworkPolicies.toCidr("the object store", "203.0.113.0/24", 443);
        BackupModel.NetworkPolicy np = NetworkPolicies.build(spec, "shop-backup", Map.of("a", "b"), DB, List.of(store));

        assertThat(np.enabled()).isTrue();
        assertThat(np.egress()).extracting(BackupModel.EgressTarget::purpose).containsExactly(
                "the database shop-db: its address range",
                "cluster DNS, to resolve the database's and other hosts' names",
                "the object store",
                "networkPolicy.extraEgress[0] of the spec");
        assertThat(np.egress().get(2).rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("ipBlock", Map.of("cidr", "203.0.113.0/24"))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 443))));
        assertThat(np.egress().get(3).rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("ipBlock", Map.of("cidr", "10.9.9.9/32"))),
                "ports", List.of(Map.of("port", 3128))));
    }

    @Test
    void anInClusterTargetIsPodsInANamespace() {
        BackupModel.EgressTarget minio = NetworkPolicies.toPods("the object store",
                Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "minio")),
                Map.of("matchLabels", Map.of("app", "minio")), 9000);
        assertThat(minio.rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "minio")),
                        "podSelector", Map.of("matchLabels", Map.of("app", "minio")))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 9000))));
    }

    @Test
    void thePushgatewayIsOpenedWhereItsUrlSaysItIs() {
        assertThat(NetworkPolicies.pushgateway("http://pushgateway.monitoring.svc:9091/").orElseThrow().rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                        "podSelector", Map.of())),
                "ports", List.of(Map.of("protocol", "TCP", "port", 9091))));
        assertThat(NetworkPolicies.pushgateway("http://pushgateway").orElseThrow().rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("podSelector", Map.of())),
                "ports", List.of(Map.of("protocol", "TCP", "port", 80))));
        assertThat(NetworkPolicies.pushgateway("https://10.1.2.3").orElseThrow().rule()).isEqualTo(Map.of(
                "to", List.of(Map.of("ipBlock", Map.of("cidr", "10.1.2.3/32"))),
                "ports", List.of(Map.of("protocol", "TCP", "port", 443))));
        assertThat(NetworkPolicies.pushgateway("https://push.example.com")).isEmpty();
        assertThat(NetworkPolicies.pushgateway("")).isEmpty();
    }

    @Test
    void theModelOpensThePushgatewayAfterDnsAndBeforeTheSpecsExtras() {
        Spec spec = spec("""
                networkPolicy:
                  database: {cidr: 10.0.0.0/24}
                  extraEgress: [{to: [{ipBlock: {cidr: 10.9.9.9/32}}], ports: [{port: 3128}]}]
                metrics: {pushgatewayUrl: "http://pushgateway.monitoring.svc.cluster.local:9091"}
                """);
        BackupModel model = ModelBuilder.build(spec, ModelBuilder.Context.of("t.yaml"));
        assertThat(model.networkPolicy().egress()).extracting(BackupModel.EgressTarget::purpose).containsExactly(
                "the database shop-postgres: its address range",
                "cluster DNS, to resolve the database's and other hosts' names",
                "the Prometheus Pushgateway pushgateway.monitoring.svc.cluster.local:9091 (metrics.pushgatewayUrl)",
                "networkPolicy.extraEgress[0] of the spec");
    }

    @Test
    void withoutTheDatabasesLocationThereIsNoPolicyAndNoTarget() {
        BackupModel.NetworkPolicy np = NetworkPolicies.build(spec(""), "shop-backup", Map.of(), DB,
                List.of(NetworkPolicies.toCidr("the object store", "203.0.113.0/24", 443)));
        assertThat(np.enabled()).isFalse();
        assertThat(np.egress()).isEmpty();
    }
}
