package io.backupgen.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.render.Manifests;
import io.backupgen.testing.KubeApiServer;
import org.junit.jupiter.api.Test;

/** The harness tells accepted from rejected from not served, so a green dry run means something. */
class KubeApiServerSelfTest {

    private static ObjectNode yaml(String text) {
        return Manifests.parse(text).get(0);
    }

    @Test
    void acceptsRejectsAndSkipsAsTheServerDoes() {
        KubeApiServer api = KubeApiServer.shared();
        assertThat(api.dryRun(yaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {a: b}\n")).outcome())
                .isEqualTo(KubeApiServer.Outcome.OK);

        KubeApiServer.Verdict unknownField = api.dryRun(yaml(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {a: b}\nbogus: 1\n"));
        assertThat(unknownField.outcome()).isEqualTo(KubeApiServer.Outcome.REJECTED);
        assertThat(unknownField.message()).contains("bogus");

        KubeApiServer.Verdict longName = api.dryRun(yaml("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: "
                + "a".repeat(53) + "}\nspec:\n  schedule: '0 2 * * *'\n  jobTemplate:\n    spec:\n      template:\n"
                + "        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox}]\n"));
        assertThat(longName.outcome()).isEqualTo(KubeApiServer.Outcome.REJECTED);
        assertThat(longName.message()).contains("52");

        assertThat(api.dryRun(yaml("apiVersion: monitoring.coreos.com/v1\nkind: PrometheusRule\nmetadata: {name: r}\n"
                + "spec:\n  groups: [{name: g, rules: [{alert: A, expr: up == 0}]}]\n")).outcome())
                .as("the upstream CRDs are installed").isEqualTo(KubeApiServer.Outcome.OK);
        assertThat(api.dryRun(yaml("apiVersion: example.com/v1\nkind: Nope\nmetadata: {name: n}\n")).outcome())
                .isEqualTo(KubeApiServer.Outcome.SKIP);
    }
}
