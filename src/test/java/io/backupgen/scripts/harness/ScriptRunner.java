package io.backupgen.scripts.harness;

import io.backupgen.scripts.harness.RenderedScripts.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a rendered script the way its container would: {@code /bin/sh /scripts/KEY} where /bin/sh is busybox
 * sh, as the pod's uid/gid (70) when the harness is root, with exactly the pod's environment (resolved from
 * the rendered documents) plus a PATH of busybox applets and PostgreSQL's bin directory.
 *
 * <p>Test-specific changes to the environment are explicit {@code overrides}: BACKUP_DIR stands for the
 * volume mount (/backups mapped to a temp directory), and a restore's RESTORE_* values are what an operator
 * sets on the Job. A null override value removes the variable.
 */
public final class ScriptRunner {

    /** The image's /bin/sh and tools: busybox (alpine images, the default) or dash + GNU tools (Debian images). */
    public enum Shell { BUSYBOX, DASH_GNU }

    private final RenderedScripts rendered;
    private final Path scriptsDir;
    private final Map<String, Map<String, String>> secrets;
    private Shell shell = Shell.BUSYBOX;
    /** uid, gid, then supplementary groups; null: the rendered pod's runAsUser as uid and gid, no other group. */
    private int[] identity;

    /** Runs the scripts as a Debian-based image would: /bin/sh is dash, the tools are GNU's. */
    public ScriptRunner underDashWithGnuTools() {
        if (!java.nio.file.Files.isExecutable(Path.of("/bin/dash"))) {
            throw new IllegalStateException("/bin/dash not found (Debian: apt-get install dash)");
        }
        this.shell = Shell.DASH_GNU;
        return this;
    }

    /**
     * Runs the scripts as a platform-assigned identity, as OpenShift's restricted-v2 SCC runs a pod that
     * sets none (security.runAsUser: auto): an arbitrary uid without a passwd entry, gid 0, and the
     * fsGroup the platform picked as a supplementary group.
     */
    public ScriptRunner asIdentity(int uid, int gid, int... supplementaryGroups) {
        int[] id = new int[2 + supplementaryGroups.length];
        id[0] = uid;
        id[1] = gid;
        System.arraycopy(supplementaryGroups, 0, id, 2, supplementaryGroups.length);
        this.identity = id;
        return this;
    }

    public ScriptRunner(RenderedScripts rendered, Path scriptsDir, Map<String, Map<String, String>> secrets) {
        this.rendered = rendered;
        this.scriptsDir = rendered.installScripts(scriptsDir);
        this.secrets = secrets;
    }

    public RenderedScripts rendered() {
        return rendered;
    }

    public Path scriptsDir() {
        return scriptsDir;
    }

    public Proc.Result run(Workload w, Map<String, String> overrides) {
        return start(w, overrides, List.of()).await(Duration.ofSeconds(120));
    }

    public Proc.Result run(Workload w, Map<String, String> overrides, List<Path> pathFirst) {
        return start(w, overrides, pathFirst).await(Duration.ofSeconds(120));
    }

    /** Starts the workload's script; pathFirst directories go before the applets on PATH (test shims). */
    public Proc.Running start(Workload w, Map<String, String> overrides, List<Path> pathFirst) {
        return start(rendered.env(w, secrets), rendered.runAsUser(w), rendered.scriptOf(w), overrides, pathFirst);
    }

    /**
     * Runs the container of the CronJob or Job called {@code name} (e.g. a Job printed by backupgen restore)
     * with exactly its environment, its volumes mapped: every mountPath in {@code mounts} must be a volume
     * mount of the container, and every variable whose value is that path (or under it) points at the
     * directory instead, as the mounted volume would.
     */
    public Proc.Result run(String name, Map<String, Path> mounts, Map<String, String> overrides) {
        Map<String, Boolean> declared = rendered.mounts(name);
        Map<String, String> env = new LinkedHashMap<>(rendered.env(name, secrets));
        mounts.forEach((mountPath, dir) -> {
            if (!declared.containsKey(mountPath)) {
                throw new IllegalStateException(name + " does not mount " + mountPath + "; its mounts: " + declared);
            }
            env.replaceAll((k, v) -> v.equals(mountPath) || v.startsWith(mountPath + "/")
                    ? dir + v.substring(mountPath.length()) : v);
        });
        return start(env, rendered.runAsUser(name), rendered.scriptOf(name), overrides, List.of())
                .await(Duration.ofSeconds(180));
    }

    /**
     * Starts container {@code container} (an init container or the container) of the CronJob or Job
     * {@code w} with exactly its environment plus {@code overrides}; pathFirst as in {@link #start}.
     */
    public Proc.Running startContainer(String w, String container, Map<String, String> overrides,
                                       List<Path> pathFirst) {
        return start(rendered.env(w, container, secrets), rendered.runAsUser(w), rendered.scriptOf(w, container),
                overrides, pathFirst);
    }

    /**
     * Runs the pod of {@code w} as the kubelet does: each init container to completion in order, then the
     * container; stops at the first failure. Returns every container's result, in order.
     */
    public List<Proc.Result> runPod(String w, Map<String, String> overrides, List<Path> pathFirst) {
        List<Proc.Result> out = new ArrayList<>();
        for (String c : rendered.containerNames(w)) {
            Proc.Result r = startContainer(w, c, overrides, pathFirst).await(Duration.ofSeconds(180));
            out.add(r);
            if (r.exit() != 0) {
                break;
            }
        }
        return out;
    }

    private Proc.Running start(Map<String, String> podEnv, int uid, String script, Map<String, String> overrides,
                               List<Path> pathFirst) {
        Map<String, String> env = new LinkedHashMap<>(podEnv);
        overrides.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        List<String> path = new ArrayList<>();
        pathFirst.forEach(p -> path.add(p.toString()));
        if (shell == Shell.BUSYBOX) {
            path.add(Tools.appletDir().toString());
            path.add(Tools.pgBin().toString());
        } else {
            path.add(Tools.pgBin().toString());
            path.add("/usr/bin");
            path.add("/bin");
        }
        env.put("PATH", String.join(":", path));
        env.put("HOME", "/"); // what Kubernetes sets for a uid without a passwd entry
        List<String> cmd = new ArrayList<>();
        if (identity != null) {
            if (!Tools.isRootCached()) {
                throw new IllegalStateException("running as another identity needs a root test harness (setpriv)");
            }
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + identity[0], "--regid=" + identity[1]));
            if (identity.length > 2) {
                List<String> groups = new ArrayList<>();
                for (int i = 2; i < identity.length; i++) {
                    groups.add(Integer.toString(identity[i]));
                }
                cmd.add("--groups=" + String.join(",", groups));
            } else {
                cmd.add("--clear-groups");
            }
        } else if (Tools.isRootCached()) {
            cmd.addAll(List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        cmd.add(shell == Shell.BUSYBOX ? Tools.appletDir().resolve("sh").toString() : "/bin/dash");
        cmd.add(scriptsDir.resolve(script).toString());
        return Proc.start(cmd, env, null);
    }
}
