package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.ChildJvm;
import io.backupgen.testing.Repo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's archive-making run also trains: whichever command makes the class archive, a later render
 * loads its classes from it; the user sees exactly what an untrained run shows; the training leaves nothing
 * behind and a failure of it changes nothing. Runs bin/backupgen on the test's JDK against a jar of
 * target/classes (an archive holds classes from jars only; mvn test has no shaded jar), its dependencies
 * named by the jar's Class-Path.
 */
class ArchiveTrainingTest {
    @TempDir
    static Path dir;
    /** The jar built once; each test copies it into a folder of its own, beside which its archive is made. */
    static Path built;

    static final Path SAMPLE = Repo.root().resolve("samples/production.yaml");
    static final String NOT_AN_OBJECT = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\ndata: {k: 1}\n";

    @BeforeAll
    static void appJar() throws IOException {
        Path classes = Repo.root().resolve("target/classes");
        Path cpFile = Repo.root().resolve("target/runtime-classpath.txt");
        assertThat(cpFile).as("written by mvn's generate-test-resources (maven-dependency-plugin)").exists();
        built = dir.resolve("build/backupgen.jar");
        Files.createDirectories(built.getParent());
        // relative to the jar's folder, as Class-Path wants; every app folder is the build folder's sibling
        String classPath = Stream.of(Files.readString(cpFile).strip().split(java.io.File.pathSeparator))
                .map(p -> built.getParent().relativize(Path.of(p)).toString())
                .collect(Collectors.joining(" "));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ChildJvm.MAIN);
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        try (OutputStream out = Files.newOutputStream(built); JarOutputStream j = new JarOutputStream(out, m);
                Stream<Path> walk = Files.walk(classes)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, j);
                j.closeEntry();
            }
        }
    }

    /** What it is there for: each command line of the workload still runs as meant (a failure is swallowed). */
    @Test
    void theWorkloadRunsEveryCommandItIsThereFor(@TempDir Path work) throws IOException {
        List<Map.Entry<String, Integer>> exits = new ArrayList<>();
        for (ArchiveTraining.Ran r : ArchiveTraining.workload(work)) {
            exits.add(Map.entry(String.join(" ", r.args()).replace(work.toString(), "DIR"), r.exit()));
        }
        assertThat(exits).containsExactly(
                Map.entry("init --no-input --name Archive Training -o DIR/init.yaml", 0),
                Map.entry("render -f DIR/backupgen.yaml -o DIR/out --format all --cache-dir DIR/schema-cache", 0),
                Map.entry("render -f DIR/backupgen.yaml -o DIR/out --format all --check --no-cache"
                        + " --cache-dir DIR/schema-cache", 0),
                // with a memo in DIR when run from a jar (off here: classes in a folder)
                Map.entry("render -f DIR/backupgen.yaml -o DIR/out --format all --check", 0),
                Map.entry("render -f DIR/backupgen.yaml -o DIR/out --format all --check", 0),
                Map.entry("render -f DIR/backupgen.yaml --env production --stdout --cache-dir DIR/schema-cache", 0),
                Map.entry("validate --summary --cache-dir DIR/schema-cache DIR/production.yaml", 0),
                Map.entry("validate --summary --cache-dir DIR/schema-cache DIR/out/k8s/base", 0),
                Map.entry("validate -o json --cache-dir DIR/schema-cache DIR/out/k8s", 1),
                Map.entry("render -f DIR/backupgen.yaml -o DIR/out --check --no-cache --cache-dir DIR/schema-cache", 1),
                Map.entry("plan -f DIR/backupgen.yaml", 0),
                Map.entry("plan -f DIR/backupgen.yaml --env staging --output json", 0),
                Map.entry("restore -f DIR/backupgen.yaml --env production --cache-dir DIR/schema-cache", 0),
                Map.entry("list -f DIR/backupgen.yaml --cache-dir DIR/schema-cache", 0),
                Map.entry("backup-now -f DIR/backupgen.yaml --tier daily --cache-dir DIR/schema-cache", 0));
        assertThat(work.resolve("schema-cache")).as("the built-in schemas: nothing downloaded").doesNotExist();
    }

    /**
     * The bootstrap case: the first command after a build is a validate. With training, the render after it
     * takes its own classes from the archive ("shared objects file"); without (the control: the same launcher
     * run with the property overridden), they come from the jar, so this test can fail.
     */
    @Test
    void anArchiveMadeByValidateServesRender() throws IOException {
        Map<String, String> trained = renderClassesAfterValidate("trained", "", Map.of());
        Map<String, String> untrained = renderClassesAfterValidate("untrained", "-Dbackupgen.archive.train=false",
                Map.of());
        // in CI the launcher does not train (a fresh jar per job would pay the seconds every job)
        Map<String, String> ci = renderClassesAfterValidate("ci", "", Map.of("CI", "true"));

        for (String c : List.of("io.backupgen.render.TemplateEngine", "io.pebbletemplates.pebble.PebbleEngine",
                "io.backupgen.model.ModelBuilder", "io.backupgen.emit.TreePlan", "io.backupgen.memo.Digest")) {
            assertThat(trained.get(c)).as(c + " with training").isEqualTo("shared objects file");
            assertThat(untrained.get(c)).as(c + " without").isNotNull().isNotEqualTo("shared objects file");
            assertThat(ci.get(c)).as(c + " in CI").isNotNull().isNotEqualTo("shared objects file");
        }
        // the validate classes are there either way
        assertThat(untrained.get("io.backupgen.cli.ValidateCommand")).isEqualTo("shared objects file");
    }

    /** Makes an archive in app/NAME with a validate run and returns where render --check's classes came from. */
    private static Map<String, String> renderClassesAfterValidate(String name, String javaOpts,
            Map<String, String> extraEnv) throws IOException {
        Path app = dir.resolve(name);
        Files.createDirectories(app);
        Path jar = Files.copy(built, app.resolve("backupgen.jar"));
        Path tmp = Files.createDirectories(dir.resolve(name + "-tmp"));
        Path home = Files.createDirectories(dir.resolve(name + "-home"));
        Path cm = dir.resolve(name + "-cm.yaml");
        Files.writeString(cm, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n");
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(),
                "BACKUPGEN_JAVA_OPTS", "-Djava.io.tmpdir=" + tmp + " " + javaOpts));
        env.putAll(extraEnv);

        Proc.Result plain = launch(jar, Map.of("BACKUPGEN_CDS", "off"), "validate", "--summary", cm.toString());
        Proc.Result making = launch(jar, env, "validate", "--summary", cm.toString());
        assertThat(making.exit()).as(making.toString()).isZero();
        assertThat(making.stdout()).isEqualTo(plain.stdout()).startsWith("Summary: 1 resource");
        assertThat(withoutAotCacheLines(making.stderr())).isEqualTo(plain.stderr()).isEmpty();
        assertThat(archive(jar)).as("made by the validate run").exists();
        assertThat(files(tmp)).as("the training's temporary folder is removed").isEmpty();
        assertThat(files(home)).as("no cache, no file in HOME").isEmpty();

        Path out = dir.resolve(name + "-out");
        launch(jar, env, "render", "-f", SAMPLE.toString(), "-o", out.toString()).ok();
        Map<String, String> sources = new HashMap<>();
        // in full, then kept in the memo (in this HOME) and answered from it, as a pre-commit hook runs it
        for (String memo : List.of("--no-cache", "", "")) {
            Path log = dir.resolve(name + "-classes" + memo + ".txt");
            env.put("BACKUPGEN_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
            List<String> args = new ArrayList<>(List.of("render", "-f", SAMPLE.toString(), "-o", out.toString(),
                    "--check"));
            if (!memo.isEmpty()) {
                args.add(memo);
            }
            Proc.Result check = launch(jar, env, args.toArray(String[]::new));
            assertThat(check.exit()).as(check.toString()).isZero();
            assertThat(check.stderr()).isEmpty();
            // "[0.07s][info][class,load] io.backupgen.render.TemplateEngine source: shared objects file (top)"
            for (String line : Files.readAllLines(log)) {
                var match = java.util.regex.Pattern.compile("\\[class,load\\] (\\S+) source: (.*?)( \\(top\\))?$")
                        .matcher(line);
                if (match.find()) {
                    sources.putIfAbsent(match.group(1), match.group(2));
                }
            }
            assertThat(sources).as("the class log of " + log).containsKey("io.backupgen.cli.Main");
        }
        return sources;
    }

    /**
     * Byte for byte what the user gets without it, on success, findings, a usage error and a spec on stdin;
     * the training still ran (it loaded init's SpecDraft, which none of these commands need) and left nothing.
     * One that cannot even make its folder changes nothing either.
     */
    @Test
    void theUsersOutputAndExitCodeAreTheSameWithTraining() throws IOException {
        Path bad = dir.resolve("not-an-object.yaml");
        Files.writeString(bad, NOT_AN_OBJECT);
        String spec = Files.readString(SAMPLE);
        record Case(String stdin, List<String> args) {
        }
        List<Case> cases = List.of(
                new Case(null, List.of("render", "-f", SAMPLE.toString(), "--env", "production", "--stdout")),
                new Case(spec, List.of("render", "-f", "-", "--stdout")),
                new Case(null, List.of("validate", "--summary", bad.toString())),
                new Case(null, List.of("render", "-f", dir.resolve("missing.yaml").toString())));
        List<Integer> exits = new ArrayList<>();
        for (Case c : cases) {
            Path tmp = Files.createDirectories(dir.resolve("identity-tmp-" + exits.size()));
            Path log = dir.resolve("identity-classes-" + exits.size() + ".txt");
            Proc.Result without = child(List.of(), c.args(), c.stdin());
            Proc.Result with = child(List.of("-Dbackupgen.archive.train=true", "-Djava.io.tmpdir=" + tmp,
                    "-Xlog:class+load=info:file=" + log), c.args(), c.stdin());
            assertThat(with.stdout()).as(c.args().toString()).isEqualTo(without.stdout());
            assertThat(with.stderr()).as(c.args().toString()).isEqualTo(without.stderr());
            assertThat(with.exit()).as(c.args().toString()).isEqualTo(without.exit());
            assertThat(Files.readString(log)).as("the training ran").contains("io.backupgen.spec.SpecDraft ");
            assertThat(files(tmp)).as("and left nothing").isEmpty();
            exits.add(without.exit());
        }
        assertThat(exits).as("each kind of outcome").containsExactly(0, 0, 1, 2);
        assertThat(child(List.of(), cases.get(3).args(), null).stderr()).contains("missing.yaml");

        // a training that fails at once (no temporary folder) is as invisible; JDK 20+ warns of the missing folder
        // at start-up, so both runs get it
        Case failing = cases.get(2);
        String none = "-Djava.io.tmpdir=" + dir.resolve("none");
        Proc.Result without = child(List.of(none), failing.args(), null);
        Proc.Result with = child(List.of("-Dbackupgen.archive.train=true", none), failing.args(), null);
        assertThat(with).usingRecursiveComparison().ignoringFields("command").isEqualTo(without);
    }

    private static Proc.Result child(List<String> jvm, List<String> args, String stdin) {
        List<String> cmd = ChildJvm.command(ChildJvm.MAIN, args.toArray(String[]::new));
        cmd.addAll(1, jvm);
        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv("PATH"), "BACKUPGEN_CACHE", "off",
                "HOME", dir.toString()));
        return Proc.run(cmd, env, stdin, Duration.ofMinutes(2));
    }

    /**
     * Making an AOT cache (JDK 25+), the JVM tells of it on stderr (the launcher keeps stdout clean), with or
     * without training: what is left must be what backupgen printed.
     */
    private static String withoutAotCacheLines(String stderr) {
        return stderr.lines().filter(l -> !l.matches("(Temporary AOTConfiguration recorded|Launching child process"
                + "|Picked up JAVA_TOOL_OPTIONS|Reading AOTConfiguration|AOTCache creation is complete"
                + "|Removed temporary AOT configuration file)\\b.*"))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    private static Path archive(Path jar) {
        String version = Runtime.version().toString().replaceFirst("[+-].*", "");
        return jar.resolveSibling("backupgen.jar.jdk" + version + (Runtime.version().feature() >= 25 ? ".aot" : ".jsa"));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> !p.equals(folder)).toList();
        }
    }

    private static Proc.Result launch(Path jar, Map<String, String> extra, String... args) {
        List<String> cmd = new ArrayList<>(List.of("sh", Repo.root().resolve("bin/backupgen").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(extra);
        env.put("PATH", System.getenv("PATH"));
        env.put("BACKUPGEN_JAR", jar.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return Proc.run(cmd, env, null, Duration.ofMinutes(3));
    }
}
