package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.scripts.harness.Proc;
import io.backupgen.testing.Repo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/backupgen, run for real by sh on the test's JDK with a small stand-in jar: the class archive is
 * made by the first run after a build, named after the JDK, reused (not remade) by the next runs and
 * remade when the jar is newer; stdout carries the program's output only, on every run.
 */
class LauncherTest {
    @TempDir
    static Path dir;
    static Path jar;

    @BeforeAll
    static void standInJar() throws IOException {
        Path src = dir.resolve("src/Hello.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "public class Hello { public static void main(String[] a) {"
                + " System.out.println(\"hello \" + String.join(\" \", a)); } }\n");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                dir.resolve("classes").toString(), src.toString())).isZero();
        jar = dir.resolve("app/backupgen.jar");
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Hello");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.putNextEntry(new JarEntry("Hello.class"));
            j.write(Files.readAllBytes(dir.resolve("classes/Hello.class")));
            j.closeEntry();
        }
    }

    @Test
    void theArchiveIsMadeOnceNamedAfterTheJdkAndRemadeForANewJar() throws IOException {
        String version = Runtime.version().toString().replaceFirst("[+-].*", "");
        boolean aot = Runtime.version().feature() >= 25;
        Path archive = jar.resolveSibling("backupgen.jar.jdk" + version + (aot ? ".aot" : ".jsa"));

        // help and version load almost nothing: an archive made by them would hold nothing useful
        Proc.Result help = launch("--version");
        assertThat(help.stdout()).as(help.stderr()).isEqualTo("hello --version\n");
        assertThat(archive).as("not made by --version").doesNotExist();

        Proc.Result first = launch("a", "b");
        assertThat(first.stdout()).as(first.stderr()).isEqualTo("hello a b\n");
        assertThat(first.exit()).isZero();
        assertThat(archive).as("made by the first run").exists();
        FileTime made = Files.getLastModifiedTime(archive);

        Proc.Result second = launch("c");
        assertThat(second.stdout()).as(second.stderr()).isEqualTo("hello c\n");
        assertThat(second.stderr()).isEmpty();
        assertThat(Files.getLastModifiedTime(archive)).as("reused, not remade").isEqualTo(made);

        // a new build: the archive is older than the jar, so the next run makes it anew
        Files.setLastModifiedTime(jar, FileTime.fromMillis(made.toMillis() + 60_000));
        Proc.Result rebuilt = launch("d");
        assertThat(rebuilt.stdout()).as(rebuilt.stderr()).isEqualTo("hello d\n");
        assertThat(Files.getLastModifiedTime(archive)).as("remade after the jar changed").isNotEqualTo(made);

        Proc.Result off = launch(Map.of("BACKUPGEN_CDS", "off"), "e");
        assertThat(off.stdout()).as(off.stderr()).isEqualTo("hello e\n");
    }

    private static Proc.Result launch(String... args) {
        return launch(Map.of(), args);
    }

    private static Proc.Result launch(Map<String, String> extra, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("sh", Repo.root().resolve("bin/backupgen").toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new java.util.HashMap<>(extra);
        env.put("PATH", System.getenv("PATH"));
        env.put("BACKUPGEN_JAR", jar.toString());
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        return Proc.run(cmd, env, null, Duration.ofMinutes(2));
    }
}
