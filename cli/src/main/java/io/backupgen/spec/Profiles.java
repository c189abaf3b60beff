package io.backupgen.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Where named profiles come from: a {@code profiles/} folder beside the spec first (a team's own
 * presets win), then the presets built into backupgen.
 */
public final class Profiles {
    static final String BUILT_IN = "/profiles/";

    /** A profile's text and the name to show in diagnostics. */
    /** @param builtIn shipped in the jar, not a file the user has */
    public record Source(String displayName, String text, boolean builtIn) {
    }

    private final Path localDir;

    public Profiles(Path localDir) {
        this.localDir = localDir;
    }

    public Optional<Source> find(String name) {
        if (localDir != null) {
            Path local = localDir.resolve(name + ".yaml");
            // Anything at that path is the team's profile: a directory or an unreadable file there is an
            // error, never a silent fall back to the built-in preset of the same name.
            if (Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(new Source(local.toString(), SpecFiles.read(local, local.toString()), false));
            }
        }
        try (InputStream in = Profiles.class.getResourceAsStream(BUILT_IN + name + ".yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new Source("built-in profile " + name, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every profile name on offer, for "did you mean" and error messages. */
    public TreeSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        if (localDir != null && Files.isDirectory(localDir)) {
            addYamlNames(localDir, names);
        }
        URL url = Profiles.class.getResource(BUILT_IN);
        if (url != null) {
            try {
                URI uri = url.toURI();
                if ("jar".equals(uri.getScheme())) {
                    try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                        addYamlNames(fs.getPath(BUILT_IN), names);
                    }
                } else {
                    addYamlNames(Path.of(uri), names);
                }
            } catch (IOException | URISyntaxException e) {
                throw new IllegalStateException("cannot list built-in profiles", e);
            }
        }
        return names;
    }

    private static void addYamlNames(Path dir, TreeSet<String> names) {
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
