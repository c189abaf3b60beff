package io.backupgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.backupgen.testing.CliRun;
import io.backupgen.testing.Golden;
import io.backupgen.testing.Repo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's reproductions as a hostile or careless user runs them, through the real CLI: every one
 * was exit 0 with a wrong result, or a stack trace, and is now exit 2 with the file, the field or path,
 * the cause and what to do, and nothing half-written. (The ones that need a second process, a
 * read-only or full disk, or standard input are in {@link HostileProcessTest}.)
 */
class HostileInputTest {
    static final String HEAD = "apiVersion: backupgen.io/v1alpha1\nkind: BackupSpec\n";
    static final String CLUSTER_ADMIN = "x\\n---\\napiVersion: rbac.authorization.k8s.io/v1\\nkind: ClusterRoleBinding"
            + "\\nmetadata:\\n  name: pwned\\nroleRef:\\n  apiGroup: rbac.authorization.k8s.io\\n  kind: ClusterRole"
            + "\\n  name: cluster-admin\\nsubjects:\\n  - kind: Group\\n    name: system:authenticated"
            + "\\n    apiGroup: rbac.authorization.k8s.io\\n---\\n#";

    @TempDir
    Path dir;

    private Path spec(String yaml) throws Exception {
        Path f = dir.resolve("backupgen.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private CliRun render(Path spec, String... extra) {
        String[] base = {"render", "-f", spec.toString(), "-o", dir.resolve("out").toString()};
        return CliRun.of(Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new));
    }

    private static void assertNoStackTrace(CliRun r) {
        assertThat(r.err()).as(r.toString()).doesNotContain("internal error").doesNotContain("\tat ")
                .doesNotContain("Exception");
    }

    // 1. Object injection through the spec

    @Test
    void aProjectNameCannotInjectAClusterRoleBinding() throws Exception {
        Path s = spec(HEAD + "project:\n  name: \"" + CLUSTER_ADMIN + "\"\n  slug: x\n");
        for (String mode : new String[] {"--stdout", "--check", "--format=all"}) {
            CliRun r = render(s, mode);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.out()).doesNotContain("ClusterRoleBinding");
            assertThat(r.err()).contains("backupgen.yaml:4:9: project.name: value \"x\\n---\\napiVersion")
                    .contains("contains a line break U+000A at character 2")
                    .contains("allowed: single-line text");
            assertNoStackTrace(r);
        }
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aCarriageReturnInANameIsAnInputError() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: \"Shop\\rcr\"\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("project.name").contains("line break U+000D");
    }

    @Test
    void everyStringFieldIsCheckedIncludingEnvironmentOverridesAndKeys() throws Exception {
        // Fields chosen from different parts of the schema; none of them is named in the check's code.
        CliRun r = render(spec(HEAD + "project:\n  name: shop\nimage:\n  repository: \"docker.io/x\\n# y\"\n"
                + "environments:\n  staging:\n    tiers:\n      daily:\n        timeZone: \"UTC\\u2028x\"\n"
                + "\"na\\u0007me\": 1\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("image.repository: value \"docker.io/x\\n# y\" contains a line break")
                .contains("environments.staging.tiers.daily.timeZone: value \"UTC\\u2028x\" contains a line break U+2028")
                .contains("na\\u0007me: the key contains a control character U+0007");
        assertThat(r.err()).as("the raw characters never reach the terminal").doesNotContain("\u2028")
                .doesNotContain("\u0007");
    }

    @Test
    void aLocalProfileIsCheckedInItsOwnFile() throws Exception {
        Files.createDirectories(dir.resolve("profiles"));
        Files.writeString(dir.resolve("profiles/team.yaml"), "tiers:\n  daily:\n    schedule: \"0 2 * * *\\u0085\"\n");
        CliRun r = render(spec(HEAD + "profile: team\nproject:\n  name: shop\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("team.yaml:3:15: tiers.daily.schedule").contains("line break U+0085");
    }

    @Test
    void aHostileSpecFileNameCannotBreakTheGeneratedHeaders() throws Exception {
        Path odd = dir.resolve("we\"ird*/}}-->$(x).yaml".replace("/", "_"));
        Files.writeString(odd, Files.readString(Repo.root().resolve("samples/minimal.yaml")));
        CliRun r = CliRun.of("render", "-f", odd.toString(), "-o", dir.resolve("out").toString(), "--format", "all");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Path chart = dir.resolve("out/charts/acme-shop");
        new ObjectMapper().readTree(Files.readString(chart.resolve("values.schema.json"))); // still JSON
        assertThat(Files.readString(chart.resolve("templates/_env.tpl")))
                .startsWith("{{/* Code generated by backupgen from we_ird____--__(x).yaml; DO NOT EDIT.");
        assertThat(Files.readString(dir.resolve("out/k8s/base/backup-pvc.yaml")).lines().limit(3))
                .allMatch(l -> l.startsWith("# "));
    }

    // 2, 7, 8. One YAML reading path: aliases, merge keys, limits, one document

    @Test
    void aliasesAndMergeKeysResolveAsYamlDefinesThem() throws Exception {
        CliRun r = render(spec(HEAD + "project: {name: &n shop}\ndatabase: {name: *n}\n"
                + "tiers:\n  daily: &d {keep: 3, schedule: '0 1 * * *'}\n  weekly: {<<: *d, schedule: '0 2 * * 0'}\n"),
                "--stdout");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("POSTGRES_DB: \"shop\"").doesNotContain("POSTGRES_DB: \"n\"")
                .contains("BACKUP_RETENTION_WEEKLY: \"3\"").contains("schedule: \"0 2 * * 0\"");
    }

    @Test
    void anUndefinedAliasAndAnAliasBombAreErrors() throws Exception {
        CliRun undefined = render(spec(HEAD + "project: {name: *nope}\n"), "--stdout");
        assertThat(undefined.exitCode()).isEqualTo(2);
        assertThat(undefined.err()).contains("backupgen.yaml:3:").contains("nope");
        StringBuilder bomb = new StringBuilder(HEAD + "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 9; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append(", *a").append(i - 1).append(", *a")
                    .append(i - 1).append(", *a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        }
        CliRun b = render(spec(bomb + "project: {name: shop}\n"), "--stdout");
        assertThat(b.exitCode()).isEqualTo(2);
        assertThat(b.err()).contains("excessive aliasing");
        assertNoStackTrace(b);
    }

    @Test
    void aSecondDocumentIsAnErrorNotIgnored() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n---\nproject:\n  name: other\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:6:1: a second YAML document starts here; a spec is one document");
    }

    @Test
    void aHugeValueIsRefusedByTheLimitsNotParsedForMinutes() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: \"" + "a".repeat(900 * 1024) + "\"\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("a value of 921600 characters is longer than the limit of 65536");
    }

    // 6. No stack traces: exit 2 with the path, the cause and what to do

    @Test
    void aBadKubernetesVersionIsAUsageError() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"), "--kubernetes-version", "banana");
        assertThat(r.exitCode()).isEqualTo(2);
        // names an example and the versions the built-in schemas carry
        assertThat(r.err()).contains("invalid Kubernetes version 'banana'")
                .contains("such as " + io.backupgen.validate.BuiltInSchemas.newest(), "1.29.0");
        assertNoStackTrace(r);
    }

    @Test
    void anOutputThatIsAFileIsAUsageError() throws Exception {
        Path file = dir.resolve("out");
        Files.writeString(file, "mine\n");
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file + " is not a directory").contains("-o");
        assertNoStackTrace(r);
        assertThat(file).hasContent("mine");
        assertThat(render(spec(HEAD + "project:\n  name: shop\n"), "--check").err()).contains("is not a directory");
    }

    @Test
    void aBinaryProfileIsReportedNotDecoded() throws Exception {
        Files.createDirectories(dir.resolve("profiles"));
        Files.write(dir.resolve("profiles/production.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, 'x'});
        CliRun r = render(spec(HEAD + "profile: production\nproject:\n  name: shop\n"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("profiles/production.yaml: not UTF-8 text (is it a binary file?)")
                .doesNotContain("Input length");
        assertNoStackTrace(r);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aDirectoryWhereAProfileShouldBeIsAnErrorNotTheBuiltInPreset() throws Exception {
        Files.createDirectories(dir.resolve("profiles/production.yaml"));
        CliRun r = render(spec(HEAD + "profile: production\nproject:\n  name: shop\n"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.err()).contains("profiles/production.yaml: is a directory, not a file");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aBinaryTaggedValueIsAnInputError() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: !!binary aGVsbG8=\n"));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:4:9: project.name: a !!binary value is not allowed here");
        assertNoStackTrace(r);
    }

    @Test
    void aSpecThatIsADirectoryABinaryOrHugeIsReportedBeforeParsing() throws Exception {
        Path d = dir.resolve("specdir.yaml");
        Files.createDirectories(d);
        assertThat(render(d).err()).contains("specdir.yaml: is a directory, not a file");
        Path bin = dir.resolve("bin.yaml");
        Files.write(bin, new byte[] {(byte) 0xc3, (byte) 0x28, 'a'});
        CliRun b = render(bin);
        assertThat(b.exitCode()).isEqualTo(2);
        assertThat(b.err()).contains("bin.yaml: not UTF-8 text");
        Path huge = dir.resolve("huge.yaml");
        Files.writeString(huge, HEAD + "project:\n  name: \"" + "a".repeat(2 * 1024 * 1024) + "\"\n");
        CliRun h = render(huge);
        assertThat(h.exitCode()).isEqualTo(2);
        assertThat(h.err()).contains("huge.yaml: larger than 1024 KiB");
        assertNoStackTrace(h);
    }

    // 3-5. The write protocol, as the CLI shows it

    @Test
    void aVerbatimCopyOfAGeneratedFileIsKept() throws Exception {
        Path s = spec(HEAD + "project:\n  name: shop\n");
        assertThat(render(s).exitCode()).isZero();
        Path copy = dir.resolve("out/k8s/base/my-copy.yaml");
        Files.copy(dir.resolve("out/k8s/base/backup-cronjob.yaml"), copy);
        CliRun r = render(s);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(copy).exists();
        assertThat(r.err()).contains("kept k8s/base/my-copy.yaml");
        assertThat(render(s, "--check").exitCode()).isZero();
    }

    @Test
    void removingAnEnvironmentWhoseOverlayWasEditedIsRefused() throws Exception {
        String envs = "environments:\n  staging:\n    profile: staging\n  production:\n    profile: production\n";
        Path s = spec(HEAD + "project:\n  name: shop\n" + envs);
        assertThat(render(s).exitCode()).isZero();
        Path overlay = dir.resolve("out/k8s/overlays/staging");
        Path kustomization = overlay.resolve("kustomization.yaml");
        Files.writeString(kustomization, Files.readString(kustomization) + "commonLabels: {team: a}\n");
        var before = Golden.files(overlay);

        Path without = spec(HEAD + "project:\n  name: shop\nenvironments:\n  production:\n    profile: production\n");
        CliRun check = render(without, "--check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).contains("would refuse").contains("--force").doesNotContain("run 'backupgen render");
        CliRun r = render(without);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("k8s/overlays/staging/kustomization.yaml was edited by hand and is no longer"
                + " rendered").contains("broken overlay").contains("nothing was written");
        assertThat(Golden.files(overlay)).as("the overlay is left whole").isEqualTo(before);

        Files.writeString(overlay.resolve("NOTES.md"), "ours\n");
        CliRun forced = render(without, "--force");
        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Golden.files(overlay)).containsExactly("NOTES.md");
        assertThat(forced.err()).contains("kept k8s/overlays/staging/NOTES.md");
    }

    @Test
    void stagingFoldersOfInterruptedRendersAreRemoved() throws Exception {
        Path out = dir.resolve("out");
        for (int i = 0; i < 50; i++) {
            Path leftover = out.resolve(".backupgen-staging-" + i);
            Files.createDirectories(leftover);
            Files.write(leftover.resolve("0"), new byte[4096]);
        }
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".backupgen", "k8s");
        }
        assertThat(Golden.files(out.resolve(".backupgen"))).containsExactly(".gitignore", "manifest");
    }

    @Test
    void aFailedWriteLeavesNoEmptyFolders() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("k8s"));
        Files.writeString(out.resolve("k8s/base"), "a file where a folder goes\n");
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"), "--format", "all");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("k8s/base is a file").contains("nothing was written");
        assertNoStackTrace(r);
        assertThat(Golden.files(out)).containsExactly("k8s/base");
        try (Stream<Path> s = Files.walk(out)) {
            assertThat(s.map(p -> out.relativize(p).toString())).containsExactlyInAnyOrder("", "k8s", "k8s/base");
        }
    }

    // 12. init creates only what was asked for

    @Test
    void initIntoAMissingFolderCreatesNothing() {
        Path target = dir.resolve("nonexistent/dir/spec.yaml");
        CliRun r = CliRun.of("init", "--name", "shop", "-o", target.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist").contains("mkdir -p").contains("Nothing was written");
        assertThat(dir.resolve("nonexistent")).doesNotExist();
    }

    @Test
    void initErrorsNameTheFlagNotALineOfAFileNeverWritten() {
        Path target = dir.resolve("spec.yaml");
        CliRun r = CliRun.of("init", "--name", "shop", "-o", target.toString(), "--set", "tiers.daily.enabled=false");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("verify.tier").doesNotContain("spec.yaml:");
        CliRun name = CliRun.of("init", "--name", "bad\nname", "-o", target.toString());
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.err()).contains("--name: project.name: value \"bad\\nname\" contains a line break");
        assertThat(target).doesNotExist();
    }

    // 13. The small ones

    @Test
    void quoteItHintNamesTheRightField() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: 42\n"), "--stdout");
        assertThat(r.err()).contains("quote it: name: \"42\"").doesNotContain("project: \"42\"");
    }

    @Test
    void anEmptyValueDoesNotSayNullNull() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n  slug:\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("project.slug: no value given").doesNotContain("null null");
    }

    @Test
    void aBadEnvironmentNameSaysWhatANameMayBe() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\nenvironments:\n  Prod: {}\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("backupgen.yaml:6:3: environments.Prod: 'Prod' is not allowed as a name here")
                .contains("at most 40 characters").contains("did you mean 'prod'?").doesNotContain("allowed: object");
    }

    @Test
    void noPositionInsideTheBuiltInDefaults() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\ntiers:\n  daily:\n    enabled: false\n"), "--stdout");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("built-in defaults:")
                .contains("backupgen.yaml: verify.tier: the verification reads daily backups")
                .contains("verify.tier is 'daily', from the built-in defaults");
    }

    @Test
    void picocliMessagesAreNotDoublePrefixed() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"), "--stdout", "--check");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --stdout, --check are mutually exclusive").doesNotContain("Error:");
    }

    @Test
    void formatIsDocumentedAndReportedInLowercaseAsInTheReadme() throws Exception {
        assertThat(CliRun.of("render", "--help").out()).contains("kustomize, helm, all").doesNotContain("KUSTOMIZE");
        CliRun bad = render(spec(HEAD + "project:\n  name: shop\n"), "--format", "chart");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("expected one of kustomize, helm, all but was 'chart'");
        assertThat(render(spec(HEAD + "project:\n  name: shop\n"), "--format", "ALL").exitCode()).isZero();
    }

    @Test
    void misspeltFlagsGetADidYouMean() {
        assertThat(CliRun.of("render", "--Check").err()).contains("did you mean '--check'?");
        assertThat(CliRun.of("render", "--frce").err()).contains("--force");
        assertThat(CliRun.of("init", "--nmae", "x").err()).contains("--name");
    }

    @Test
    void messagesNeverEchoControlCharacters() throws Exception {
        CliRun r = render(spec(HEAD + "project:\n  name: shop\n"), "--env", "stag\u001b[2Jing");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("\u001b").contains("stag\\u001B[2Jing");
        assertThat(r.err().getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) 0x1b);
    }
}
