package io.backupgen.testing;

import io.backupgen.scripts.harness.Proc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs backupgen in a child JVM: what the in-process {@link CliRun} cannot show (a process killed
 * mid-write, two renders at once, a read-only or full disk, standard input). The child gets the test
 * class path, so a test main (e.g. one that stops the write at a step) can stand in for Main.
 */
public final class ChildJvm {
    public static final String MAIN = "io.backupgen.cli.Main";

    private ChildJvm() {
    }

    /** {@code java -cp <test class path> mainClass args...}, tuned for short runs like bin/backupgen. */
    public static List<String> command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", classPath(), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public static Proc.Result run(List<String> command, String stdin) {
        return Proc.run(command, null, stdin, Duration.ofSeconds(120));
    }

    public static Proc.Running start(List<String> command) {
        return Proc.start(command, null, null);
    }

    /** The real class path (surefire runs tests from a manifest-only jar; its property holds the entries). */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /**
     * A prefix that makes the child unable to bypass file permissions: nothing for a normal user; for root
     * (CI runs as root), dropping the two capabilities that let root read and write anything, so a
     * read-only directory or an unreadable file is that for the child too.
     */
    public static List<String> withoutPermissionOverride() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        return List.of(Tools.require("setpriv", "util-linux").toString(),
                "--bounding-set=-dac_override,-dac_read_search");
    }

    /**
     * A prefix that runs the command in a private mount namespace, where it may mount a small tmpfs that
     * nothing outside sees and that is gone when it ends; a normal user gets a user namespace for that.
     */
    public static List<String> withPrivateMounts() {
        return List.of(Tools.require("unshare", "util-linux").toString(),
                "root".equals(System.getProperty("user.name")) ? "-m" : "-rm");
    }

    public static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
