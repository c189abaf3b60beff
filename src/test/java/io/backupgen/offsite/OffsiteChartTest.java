package io.backupgen.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.testing.CliRun;
import io.backupgen.testing.HelmCharts;
import io.backupgen.testing.KubeObjects;
import io.backupgen.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-site combinations samples/offsite.yaml (scratch storage, throwaway verification) does not cover:
 * a volume with off-site copies, one-dump mode (OFFSITE_PROMOTE), verification on the server, workload
 * identity and no encryption. For each, {@code helm template} with the default values equals the kustomize
 * base object for object, and {@code helm lint --strict} passes.
 */
class OffsiteChartTest {
    private static final String HEAD = """
            apiVersion: backupgen.io/v1alpha1
            kind: BackupSpec
            project:
              name: shop
              namespace: shop
            database:
              host: shop-db
            networkPolicy:
              database:
                podSelector: {matchLabels: {app: shop-db}}
            """;

    @ParameterizedTest
    @ValueSource(strings = {
        // a volume, keys in a Secret, a CA, keep per tier
        """
        offsite:
          enabled: true
          provider: Ceph
          endpoint: https://rgw.example.com
          bucket: shop-backups
          prefix: shop
          pathStyle: true
          caBundle: {secretName: rgw-ca}
          credentials: {secretName: shop-s3, accessKeyIdKey: id, secretAccessKeyKey: key}
          encryption: {secretName: shop-key}
          keep: {weekly: 2}
        """,
        // one-dump mode: the weekly and monthly copies are uploaded too
        """
        tiers:
          mode: single
        offsite:
          enabled: true
          bucket: shop-backups
          credentials: {secretName: shop-s3}
          encryption: {secretName: shop-key}
          keep: {monthly: 36}
        """,
        // verification on the server, workload identity, no encryption
        """
        verify:
          mode: server
        serviceAccount:
          annotations: {eks.amazonaws.com/role-arn: "arn:aws:iam::123456789012:role/shop"}
        offsite:
          enabled: true
          region: eu-central-1
          bucket: shop-backups
          storageClass: STANDARD_IA
          encryption: {enabled: false}
        """})
    void helmTemplateEqualsTheKustomizeBase(String offsite, @TempDir Path out) throws Exception {
        Path spec = out.resolve("backupgen.yaml");
        Files.writeString(spec, HEAD + offsite);
        CliRun r = CliRun.of("render", "-f", spec.toString(), "-o", out.resolve("tree").toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path chart;
        try (Stream<Path> charts = Files.list(out.resolve("tree/charts"))) {
            chart = charts.findFirst().orElseThrow();
        }
        assertThat(HelmCharts.lintStrict(chart).isFailed()).isFalse();
        String helm = HelmCharts.template(chart, null);
        Tools.Result kustomize = Tools.run(out.resolve("tree"), Tools.require("kubectl", "kubectl").toString(),
                "kustomize", "k8s/base");
        assertThat(kustomize.exitCode()).as(kustomize.err()).isZero();
        assertThat(kustomize.out()).contains("/scripts/upload.sh", "/scripts/fetch.sh");
        if (offsite.contains("mode: single")) {
            assertThat(kustomize.out()).contains("OFFSITE_PROMOTE", "weekly=4 monthly=36");
        }
        if (offsite.contains("role-arn")) {
            assertThat(kustomize.out()).doesNotContain("name: AWS_ACCESS_KEY_ID", "name: OFFSITE_PASSWORD");
        }
        KubeObjects.assertSameObjects("helm template vs kustomize base", KubeObjects.byKey(helm),
                KubeObjects.byKey(kustomize.out()));
    }
}
