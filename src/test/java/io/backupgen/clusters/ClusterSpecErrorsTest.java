package io.backupgen.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.RefusedRender;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad placement, identity, network and security settings: each refused before anything is rendered,
 * with file:line:column, the field, what is allowed and a fix, exit 2 — the Kubernetes shapes by
 * Kubernetes' own schemas, what the API server checks inside them by the spec rules.
 */
class ClusterSpecErrorsTest {
    @TempDir
    Path dir;

    private CliRun render(String body) throws Exception {
        CliRun r = RefusedRender.of(dir, body);
        assertThat(r.err()).doesNotContain("Exception", "backupgen bug");
        return r;
    }

    @Test
    void aPushgatewayTheNetworkPolicyCannotReachIsRefused() throws Exception {
        String err = render("""
                networkPolicy:
                  database: {cidr: 10.0.0.0/24}
                metrics:
                  pushgatewayUrl: https://push.example.com
                """).err();
        assertThat(err).contains("backupgen.yaml:8:19: metrics.pushgatewayUrl: the NetworkPolicy would drop every push"
                        + " to push.example.com", "allowed: a Service URL such as http://pushgateway.monitoring.svc:9091",
                "add networkPolicy.extraEgress: [{to: [{ipBlock: {cidr: <its address>/32}}], ports: [{protocol: TCP, port: 443}]}]");
    }

    @Test
    void unknownTolerationFieldByKubernetesSchema() throws Exception {
        assertThat(render("pod:\n  tolerations:\n    - {keyy: x, operator: Exists}\n").err())
                .contains("backupgen.yaml:7:8: pod.tolerations[0].keyy: unknown field 'keyy'",
                        "allowed: effect, key, operator, tolerationSeconds, value", "did you mean 'key'?");
    }

    @Test
    void unknownAffinityFieldInATier() throws Exception {
        assertThat(render("tiers:\n  weekly:\n    pod:\n      affinity:\n        nodeAfinity: {}\n").err())
                .contains("backupgen.yaml:9:9: tiers.weekly.pod.affinity.nodeAfinity: unknown field 'nodeAfinity'",
                        "did you mean 'nodeAffinity'?");
    }

    @Test
    void tolerationRulesOfTheApiServer() throws Exception {
        String err = render("""
                pod:
                  tolerations:
                    - {key: a, operator: Exists, value: b}
                    - {operator: Equal, value: x}
                    - {key: a, operator: Equals, effect: NoSchedule, tolerationSeconds: 60}
                """).err();
        assertThat(err).contains(
                "pod.tolerations[0].value: operator Exists takes no value",
                "pod.tolerations[1].operator: a toleration without a key must use operator Exists",
                "pod.tolerations[2].operator: unknown toleration operator 'Equals'",
                "pod.tolerations[2].tolerationSeconds: tolerationSeconds applies only to effect NoExecute");
    }

    @Test
    void selectorRequirementsAndWeights() throws Exception {
        String err = render("""
                restore:
                  pod:
                    affinity:
                      nodeAffinity:
                        requiredDuringSchedulingIgnoredDuringExecution:
                          nodeSelectorTerms:
                            - matchExpressions: [{key: cores, operator: Gt, values: [many]}]
                      podAntiAffinity:
                        preferredDuringSchedulingIgnoredDuringExecution:
                          - weight: 0
                            podAffinityTerm:
                              topologyKey: kubernetes.io/hostname
                              labelSelector:
                                matchExpressions: [{key: app, operator: Exists, values: [x]}]
                """).err();
        assertThat(err).contains(
                "restore.pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                        + ".matchExpressions[0].values: operator Gt needs exactly one integer value",
                "restore.pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: weight 0"
                        + " is out of range",
                "allowed: 1 to 100",
                "labelSelector.matchExpressions[0].values: operator Exists takes no values");
    }

    @Test
    void labelsBackupgenOwnsAndLabelSyntax() throws Exception {
        // The schema's checks come first (a spec that fails them is not read further)...
        String syntax = render("""
                pod:
                  labels:
                    team: "pay ments"
                  nodeSelector:
                    "bad key!": x
                """).err();
        assertThat(syntax).contains("backupgen.yaml:7:11: pod.labels.team: value \"pay ments\" has the wrong form",
                "backupgen.yaml:9:5: pod.nodeSelector.bad key!: invalid key 'bad key!'");
        // ...then the rules: the NetworkPolicy and the runbook select the pods by backupgen's labels.
        assertThat(render("backup:\n  pod:\n    labels:\n      backup-type: manual\n").err())
                .contains("backupgen.yaml:8:20: backup.pod.labels.backup-type: label 'backup-type' is backupgen's own");
    }

    @Test
    void imagePullSecretNeedsAName() throws Exception {
        assertThat(render("pod:\n  imagePullSecrets: [{name: Reg_Cred}]\n").err())
                .contains("pod.imagePullSecrets[0].name: 'Reg_Cred' is not a Secret name");
    }

    @Test
    void existingServiceAccountNeedsANameAndTakesNoAnnotations() throws Exception {
        String err = render("serviceAccount:\n  create: false\n  annotations: {a: b}\n").err();
        assertThat(err).contains(
                "backupgen.yaml:6:11: serviceAccount.create: with create: false the pods use an existing ServiceAccount,"
                        + " but serviceAccount.name does not say which",
                "serviceAccount.annotations: annotations apply to a ServiceAccount backupgen renders",
                "annotate the existing ServiceAccount itself, or set create: true");
    }

    @Test
    void databaseIsPodsOrARangeAndARangeIsValid() throws Exception {
        String err = render("""
                networkPolicy:
                  database:
                    podSelector: {matchLabels: {app: pg}}
                    cidr: 10.0.0.0/33
                """).err();
        assertThat(err).contains("networkPolicy.database.cidr: the database is either pods in the cluster (podSelector)"
                + " or an address range (cidr), not both", "networkPolicy.database.cidr: prefix length 33 is longer than 32 bits");
        assertThat(render("networkPolicy:\n  database: {namespaceSelector: {matchLabels: {a: b}}}\n").err())
                .contains("networkPolicy.database.namespaceSelector: namespaceSelector narrows podSelector");
        assertThat(render("networkPolicy:\n  extraEgress: [{to: [{ipBlock: {cidr: 300.1.1.1/8}}]}]\n").err())
                .contains("networkPolicy.extraEgress[0].to[0].ipBlock.cidr: '300.1.1.1' is not an IPv4 or IPv6 address",
                        "networkPolicy: the NetworkPolicy is rendered only once networkPolicy.database says where the"
                                + " database is");
    }

    @Test
    void runAsUserIsAnIdOrAuto() throws Exception {
        assertThat(render("security:\n  runAsUser: root\n").err())
                .contains("backupgen.yaml:6:14: security.runAsUser: value \"root\" has the wrong form",
                        "allowed: integer or string >= 1 matching ^auto$");
        assertThat(render("security:\n  runAsUser: 0\n").err()).contains("security.runAsUser: value 0 is out of range");
    }

    @Test
    void environmentsMayOnlyOverrideWhatTheSchemaLists() throws Exception {
        assertThat(render("environments:\n  dev:\n    databse: {host: x}\n").err())
                .contains("environments.dev.databse: unknown field 'databse'", "did you mean 'database'?");
    }
}
