package io.backupgen.spec;

import io.backupgen.text.Suggest;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.yaml.Position;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a spec file into a {@link LoadedSpec}: parse with positions, check every layer against the
 * spec schema, layer built-in defaults, then the profile, then the file; bind; apply the rules a
 * schema cannot say. All problems are collected and thrown together as a {@link SpecException}.
 */
public final class SpecLoader {
    public static final String API_VERSION = "backupgen.io/v1alpha1";
    public static final String KIND = "BackupSpec";
    static final String DEFAULTS = "/io/backupgen/spec/defaults.yaml";
    /** Keys that steer loading and are not part of the bound {@link Spec}. */
    private static final List<String> CONTROL_KEYS = List.of("apiVersion", "kind", "profile", "environments");
    private static final List<String> ENV_ONLY_KEYS = List.of("profile", "namespace", "suspend");

    private static final ObjectMapper BINDER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Profiles profiles;

    public SpecLoader(Profiles profiles) {
        this.profiles = profiles;
    }

    /** A loader whose local profiles are the {@code profiles/} folder beside {@code specFile}. */
    public static SpecLoader forSpecFile(Path specFile) {
        return new SpecLoader(new Profiles(profilesBeside(specFile)));
    }

    /** Every path loading {@code specFile} may read: the file and the {@code profiles/} folder beside it. */
    public static List<Path> reads(Path specFile) {
        Path profiles = profilesBeside(specFile);
        return profiles == null ? List.of(specFile) : List.of(specFile, profiles);
    }

    private static Path profilesBeside(Path specFile) {
        Path parent = specFile.toAbsolutePath().getParent();
        return parent == null ? null : parent.resolve("profiles");
    }

    public LoadedSpec load(Path file) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new SpecException(List.of(new Diagnostic(file.toString(), 0, 0, "", "spec file not found", "",
                    "create one with 'backupgen init', or name it with -f")));
        }
        return load(file.toString(), SpecFiles.read(file, file.toString()));
    }

    /** A spec read from standard input ({@code -f -}); profiles come from {@code profiles/} in the working directory. */
    public LoadedSpec load(InputStream in, String display) {
        return load(display, SpecFiles.read(in, display));
    }

    public LoadedSpec load(String file, String text) {
        List<Diagnostic> problems = new ArrayList<>();
        Layer user = parse(file, text, problems);
        if (user == null) {
            throw new SpecException(problems);
        }
        checkHeader(user, problems);
        problems.addAll(checkLayer(user));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }

        Layer defaults = builtInDefaults();
        List<Layer> stack = new ArrayList<>();
        stack.add(defaults);
        String profileName = user.tree().path("profile").asText("");
        if (!profileName.isEmpty()) {
            loadProfile(profileName, user, JsonPointer.compile("/profile"), problems).ifPresent(stack::add);
        }
        stack.add(user);
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        ObjectNode layered = layer(stack, JsonPointer.empty());
        requireValue(layered, "/project/name", user, problems);
        Spec spec = bind(layered, user, problems);

        SortedMap<String, LoadedSpec.Environment> environments = new TreeMap<>();
        JsonNode envs = user.tree().path("environments");
        for (Iterator<Map.Entry<String, JsonNode>> it = envs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            loadEnvironment(e.getKey(), e.getValue(), layered, stack, user, problems)
                    .ifPresent(env -> environments.put(env.name(), env));
        }
        if (spec != null) {
            Origins origins = new Origins(stack, JsonPointer.empty());
            problems.addAll(SpecRules.check(spec, origins));
            ClusterRules.databaseNamespace(null, layered.path("project").path("namespace").asText(""), spec, origins)
                    .ifPresent(problems::add);
        }
        problems.addAll(SharedTargetRules.check(environments, user));
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new LoadedSpec(file, spec, layered, environments);
    }

    private Optional<LoadedSpec.Environment> loadEnvironment(String name, JsonNode env, ObjectNode base,
                                                             List<Layer> baseStack, Layer user,
                                                             List<Diagnostic> problems) {
        JsonPointer at = JsonPointer.compile("/environments/" + name);
        List<Layer> stack = new ArrayList<>(baseStack);
        String profileName = env.path("profile").asText("");
        Optional<Layer> profile = profileName.isEmpty() ? Optional.empty()
                : loadProfile(profileName, user, at.appendProperty("profile"), problems);
        ObjectNode tree = base.deepCopy();
        if (profile.isPresent()) {
            merge(tree, profile.get().tree());
            stack.add(profile.get());
        }
        ObjectNode overrides = env.deepCopy();
        ENV_ONLY_KEYS.forEach(overrides::remove);
        merge(tree, overrides);
        Spec spec = bind(tree, user, problems);
        if (spec == null) {
            return Optional.empty();
        }
        // The user's overrides sit below /environments/<name> in the same file.
        Origins origins = new Origins(stack, JsonPointer.empty()).withTop(user, at);
        List<Diagnostic> found = SpecRules.check(spec, origins);
        problems.addAll(found);
        String namespace = env.path("namespace").asText(base.path("project").path("namespace").asText(""));
        ClusterRules.databaseNamespace(name, namespace, spec, origins).ifPresent(problems::add);
        return Optional.of(new LoadedSpec.Environment(name, profileName, namespace,
                env.path("suspend").asBoolean(false), spec));
    }

    private Optional<Layer> loadProfile(String name, Layer user, JsonPointer where, List<Diagnostic> problems) {
        Optional<Profiles.Source> source = profiles.find(name);
        if (source.isEmpty()) {
            var names = profiles.names();
            problems.add(user.diagnostic(where, "unknown profile '" + name + "'", String.join(", ", names),
                    Suggest.nearest(name, names).map(n -> "did you mean '" + n + "'?")
                            .orElse("add profiles/" + name + ".yaml beside the spec")));
            return Optional.empty();
        }
        Layer layer = parse(source.get().displayName(), source.get().text(), source.get().builtIn(), problems);
        if (layer == null) {
            return Optional.empty();
        }
        List<Diagnostic> schema = checkLayer(layer);
        problems.addAll(schema);
        for (String key : CONTROL_KEYS) {
            if (layer.tree().has(key)) {
                problems.add(layer.diagnostic(JsonPointer.compile("/" + key),
                        "'" + key + "' belongs in the spec, not in a profile", "", ""));
            }
        }
        return schema.isEmpty() ? Optional.of(layer) : Optional.empty();
    }

    /**
     * Text first: a value with a line break or a !!binary tag is reported as such (the schema library
     * would only say "wrong form", or fail on a binary node), then the schema.
     */
    private static List<Diagnostic> checkLayer(Layer layer) {
        List<Diagnostic> text = SpecText.check(layer);
        return text.isEmpty() ? SpecSchema.get().check(layer.tree(), layer.file(), layer.positions()) : text;
    }

    private static Layer parse(String file, String text, List<Diagnostic> problems) {
        return parse(file, text, false, problems);
    }

    private static Layer parse(String file, String text, boolean builtIn, List<Diagnostic> problems) {
        return SpecYaml.read(file, text, builtIn, problems);
    }

    private static void checkHeader(Layer user, List<Diagnostic> problems) {
        if (!user.tree().has("apiVersion")) {
            problems.add(new Diagnostic(user.file(), 1, 1, "apiVersion", "missing required field 'apiVersion'",
                    API_VERSION, "add 'apiVersion: " + API_VERSION + "' as the first line"));
        }
        if (!user.tree().has("kind")) {
            problems.add(new Diagnostic(user.file(), 1, 1, "kind", "missing required field 'kind'", KIND,
                    "add 'kind: " + KIND + "'"));
        }
    }

    private static void requireValue(ObjectNode layered, String pointer, Layer user, List<Diagnostic> problems) {
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode n = layered.at(p);
        if (n.isMissingNode() || n.isNull() || n.asText().isBlank()) {
            Position pos = user.positions().find(p);
            String path = SpecSchema.dotted(p);
            problems.add(new Diagnostic(user.file(), Math.max(pos.line(), 1), Math.max(pos.column(), 1), path,
                    "missing required value '" + path + "'", "a non-empty string",
                    SpecSchema.get().at(p).map(s -> "(" + s.path("description").asText() + ")").orElse("")));
        }
    }

    private static Spec bind(ObjectNode tree, Layer user, List<Diagnostic> problems) {
        ObjectNode body = tree.deepCopy();
        CONTROL_KEYS.forEach(body::remove);
        try {
            return BINDER.treeToValue(body, Spec.class);
        } catch (JsonProcessingException e) {
            // The schema has already vetted every layer, so this is a gap between schema and records.
            problems.add(new Diagnostic(user.file(), 0, 0, "", "cannot bind spec: " + e.getOriginalMessage(), "",
                    "this is a backupgen bug; please report it with your spec"));
            return null;
        }
    }

    static ObjectNode layer(List<Layer> stack, JsonPointer at) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Layer l : stack) {
            JsonNode t = l.tree().at(at);
            if (t.isObject()) {
                merge(out, (ObjectNode) t);
            }
        }
        return out;
    }

    /** Deep merge: mappings merge key by key, anything else in {@code top} replaces; null means "unset". */
    public static void merge(ObjectNode base, JsonNode top) {
        for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                continue;
            }
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode o && value.isObject()) {
                merge(o, value);
            } else {
                base.set(e.getKey(), value.deepCopy());
            }
        }
    }

    private static Layer builtInDefaults() {
        try (InputStream in = SpecLoader.class.getResourceAsStream(DEFAULTS)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Diagnostic> problems = new ArrayList<>();
            Layer layer = SpecYaml.read("built-in defaults", text, true, problems);
            if (layer == null) {
                throw new IllegalStateException("the built-in defaults do not load: " + problems);
            }
            return layer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
