package io.backupgen.testing;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;

/**
 * Real Helm, in-process through helm-java (Helm's Go code as a native library). helm-java's pom
 * pulls the native artifact for the build machine's platform by OS profile (linux-amd64, darwin-arm64,
 * ...); when none matches, the first call fails and this says so instead of a bare link error.
 */
public final class HelmCharts {
    private HelmCharts() {
    }

    public static LintResult lintStrict(Path chart) {
        return call(() -> new Helm(chart).lint().strict().call());
    }

    /** {@code helm template backup CHART [-f values]}; throws with Helm's message when rendering fails. */
    public static String template(Path chart, Path valuesFile) {
        return call(() -> {
            var cmd = new Helm(chart).template().withName("backup");
            if (valuesFile != null) {
                cmd = cmd.withValuesFile(valuesFile);
            }
            return cmd.call();
        });
    }

    /** What {@code helm install --dry-run=client} prints, NOTES.txt included. */
    public static String installDryRun(Path chart, String namespace) {
        return call(() -> new Helm(chart).install().withName("backup").withNamespace(namespace).dryRun().clientOnly()
                .call().getOutput());
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new AssertionError("helm-java's native Helm library is not available for "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                    + "; add the matching com.marcnuri.helm-java:<os>-<arch> artifact in test scope", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
