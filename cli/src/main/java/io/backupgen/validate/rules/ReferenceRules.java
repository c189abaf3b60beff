package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.text.Suggest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;

/**
 * References that must resolve: to other objects of the validated set (ConfigMaps and their keys,
 * Secret keys of a Secret that is in the set, PVCs, ServiceAccounts) and inside the pod (volume
 * mounts). The API server checks only the last; the others catch a set that would deploy but not
 * run, so they hold for a complete set and become warnings with {@code --allow-external-refs}.
 *
 * <p>A reference to another object is judged in two steps, so that a validator can stream: each
 * document yields its {@link Ref}s alone ({@link ReferenceRule#refs}), and once the first object of
 * that kind and name in the set is known (or the set has ended without one), {@link #judge} says
 * what is wrong. A {@link Target} keeps of that object only what judging needs.
 */
public final class ReferenceRules {
    /** The rules that resolve against the set, in the order their findings are listed. */
    public static final List<ReferenceRule> ALL = List.of(
            new ReferenceRule("ref-configmap", "ConfigMap", ReferenceRules::configMaps, false, List.of("data", "binaryData")),
            // Secrets are usually created out of band (credentials never live in the repo): one not in the
            // set is fine. One that IS in the set must have the referenced keys.
            new ReferenceRule("ref-secret", "Secret", ReferenceRules::secrets, true, List.of("data", "stringData")),
            new ReferenceRule("ref-pvc", "PersistentVolumeClaim", ReferenceRules::claims, false, List.of()),
            new ReferenceRule("ref-serviceaccount", "ServiceAccount", ReferenceRules::serviceAccounts, false, List.of()));

    private static final Set<String> TARGET_KINDS = Set.of("ConfigMap", "Secret", "PersistentVolumeClaim", "ServiceAccount");

    private ReferenceRules() {
    }

    /**
     * One reference from a pod to another object (and optionally to a key in it).
     *
     * @param path    field path of the object's name (where a missing object is reported)
     * @param keyPath field path of the key (where a missing key is reported); null without a key
     */
    public record Ref(String path, String name, String key, String keyPath, boolean optional) {
    }

    /**
     * A rule over references to objects of one kind.
     *
     * @param mayBeExternal a referenced object that is not in the set is fine (Secrets)
     * @param keyFields     where the target keeps the keys a reference may name
     */
    public record ReferenceRule(String id, String kind, Function<Document, List<Ref>> refs, boolean mayBeExternal,
                                List<String> keyFields) {
    }

    /**
     * What the set knows of an object references may point at: where it is defined and the keys of
     * its {@code data}, {@code binaryData} and {@code stringData}.
     */
    public record Target(String source, Map<String, List<String>> keys) {
        Set<String> keys(List<String> fields) {
            Set<String> out = new TreeSet<>();
            fields.forEach(f -> out.addAll(keys.getOrDefault(f, List.of())));
            return out;
        }

        /** {@code key} is among the keys of {@code fields}: what judging asks of nearly every reference. */
        public boolean hasKey(List<String> fields, String key) {
            for (String f : fields) {
                List<String> names = keys.get(f);
                if (names != null && names.contains(key)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The kind/name a document is known by to references ({@code ConfigMap/scripts}), or null when
     * no reference can point at it. Namespaces are not compared: a rendered set usually has none, and
     * kustomize sets one namespace for all.
     */
    public static String key(Document doc) {
        if (doc.body() == null || !doc.body().isObject() || !TARGET_KINDS.contains(doc.kind())) {
            return null;
        }
        return key(doc.kind(), doc.name());
    }

    public static String key(String kind, String name) {
        return kind + "/" + name;
    }

    /** What references need of a document that {@link #key} names. */
    public static Target target(Document doc) {
        Map<String, List<String>> keys = new java.util.HashMap<>();
        for (String f : List.of("data", "binaryData", "stringData")) {
            JsonNode n = doc.body().get(f);
            if (n != null && n.isObject() && !n.isEmpty()) {
                List<String> names = new ArrayList<>(n.size());
                n.fieldNames().forEachRemaining(names::add);
                keys.put(f, names);
            }
        }
        return new Target(doc.source(), keys);
    }

    static List<Ref> configMaps(Document doc) {
        return podRefs(doc, "configMapKeyRef", "configMapRef", "configMap", "name");
    }

    static List<Ref> secrets(Document doc) {
        return podRefs(doc, "secretKeyRef", "secretRef", "secret", "secretName");
    }

    /** A pod's references to one kind: env valueFrom key refs, envFrom, and volumes (projected ones too). */
    private static List<Ref> podRefs(Document doc, String keyRef, String envFromRef, String volumeSource,
                                     String volumeNameField) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((cpath, c) -> {
                Nodes.forEach(c.path("env"), cpath + ".env", (path, e) -> keyRef(e.path("valueFrom").path(keyRef),
                        path + ".valueFrom." + keyRef, refs));
                Nodes.forEach(c.path("envFrom"), cpath + ".envFrom", (path, e) -> keyRef(e.path(envFromRef),
                        path + "." + envFromRef, refs));
            });
            volumeSources(pod, volumeSource, volumeNameField, refs);
        }
        return refs;
    }

    static List<Ref> claims(Document doc) {
        List<Ref> refs = new ArrayList<>();
        Set<String> templates = claimTemplates(doc);
        for (PodSpec pod : PodSpec.of(doc)) {
            Nodes.forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
                String claim = Nodes.text(v.path("persistentVolumeClaim").get("claimName"));
                // a StatefulSet's claim template is a PVC that the controller creates for each pod
                if (claim != null && !templates.contains(claim)) {
                    refs.add(new Ref(path + ".persistentVolumeClaim.claimName", claim, null, null, false));
                }
            });
        }
        return refs;
    }

    static List<Ref> serviceAccounts(Document doc) {
        List<Ref> refs = new ArrayList<>();
        for (PodSpec pod : PodSpec.of(doc)) {
            for (String field : List.of("serviceAccountName", "serviceAccount")) {
                String sa = Nodes.text(pod.spec().get(field));
                // "default" exists in every namespace.
                if (sa != null && !sa.isEmpty() && !sa.equals("default")) {
                    refs.add(new Ref(pod.path() + "." + field, sa, null, null, false));
                }
            }
        }
        return refs;
    }

    /**
     * Every {@code volumeMounts[].name} is a volume of the pod, or a StatefulSet claim template. The
     * API server checks this for pods and most workloads; a StatefulSet it accepts regardless (its
     * pods fail later, when the controller creates them), so there it is a warning.
     */
    static void volumeMounts(Document doc, RuleContext ctx, Rule.Sink sink) {
        Set<String> templates = claimTemplates(doc);
        boolean statefulSet = "StatefulSet".equals(doc.kind());
        for (PodSpec pod : PodSpec.of(doc)) {
            Set<String> volumes = new HashSet<>(templates);
            Nodes.forEach(pod.spec().path("volumes"), "", (p, v) -> Optional.ofNullable(Nodes.text(v.get("name")))
                    .ifPresent(volumes::add));
            pod.containers().forEach((cpath, c) -> {
                if (cpath.contains(".ephemeralContainers[")) {
                    return;
                }
                Nodes.forEach(c.path("volumeMounts"), cpath + ".volumeMounts", (path, m) -> {
                    String name = Nodes.text(m.get("name"));
                    if (name != null && !name.isEmpty() && !volumes.contains(name)) {
                        String msg = "volume \"" + name + "\" is not defined in " + pod.path() + ".volumes"
                                + (statefulSet ? " or spec.volumeClaimTemplates" : "") + nearest(name, volumes);
                        if (statefulSet) {
                            sink.warning(path + ".name", msg + " (the API server accepts the StatefulSet, but rejects"
                                    + " every pod it creates)");
                        } else {
                            sink.error(path + ".name", msg);
                        }
                    }
                });
            });
        }
    }

    /** The names of a StatefulSet's {@code spec.volumeClaimTemplates}. */
    private static Set<String> claimTemplates(Document doc) {
        Set<String> out = new HashSet<>();
        if ("StatefulSet".equals(doc.kind()) && Nodes.builtIn(doc)) {
            Nodes.forEach(doc.body().path("spec").path("volumeClaimTemplates"), "",
                    (p, t) -> Optional.ofNullable(Nodes.text(t.path("metadata").get("name"))).ifPresent(out::add));
        }
        return out;
    }

    private static void keyRef(JsonNode ref, String path, List<Ref> out) {
        String name = Nodes.text(ref.get("name"));
        if (name == null) {
            return;
        }
        String key = Nodes.text(ref.get("key"));
        out.add(new Ref(path + ".name", name, key, path + ".key", ref.path("optional").asBoolean(false)));
    }

    private static void volumeSources(PodSpec pod, String source, String nameField, List<Ref> out) {
        Nodes.forEach(pod.spec().path("volumes"), pod.path() + ".volumes", (path, v) -> {
            volumeSource(v.path(source), path + "." + source, nameField, out);
            Nodes.forEach(v.path("projected").path("sources"), path + ".projected.sources", (sp, s) ->
                    volumeSource(s.path(source), sp + "." + source, "name", out));
        });
    }

    private static void volumeSource(JsonNode src, String path, String nameField, List<Ref> out) {
        String name = Nodes.text(src.get(nameField));
        if (name == null) {
            return;
        }
        boolean optional = src.path("optional").asBoolean(false);
        out.add(new Ref(path + "." + nameField, name, null, null, optional));
        Nodes.forEach(src.path("items"), path + ".items", (ip, item) -> {
            String key = Nodes.text(item.get("key"));
            if (key != null) {
                out.add(new Ref(path + "." + nameField, name, key, ip + ".key", optional));
            }
        });
    }

    /**
     * What is wrong with one document's references of one rule, given the first object of the set
     * each resolves to ({@code targets}, aligned with {@code refs}; null: the set has none) and the
     * names of that kind in the whole set (for "did you mean").
     */
    public static void judge(ReferenceRule rule, List<Ref> refs, List<Target> targets, Set<String> names,
                             boolean externalRefsAllowed, Rule.Sink sink) {
        Set<String> reportedMissing = new HashSet<>();
        for (int i = 0; i < refs.size(); i++) {
            Ref r = refs.get(i);
            Target target = targets.get(i);
            if (target == null) {
                // Volume items repeat the volume's path: report a missing object once per path.
                if (rule.mayBeExternal() || !reportedMissing.add(r.path())) {
                    continue;
                }
                String msg = rule.kind() + " \"" + r.name() + "\" is not defined in the validated set" + nearest(r.name(), names);
                if (r.optional()) {
                    sink.warning(r.path(), msg + " (optional reference)");
                } else if (externalRefsAllowed) {
                    sink.warning(r.path(), msg + " (allowed by --allow-external-refs)");
                } else {
                    sink.error(r.path(), msg + "; add it, or pass --allow-external-refs when the set is partial");
                }
                continue;
            }
            if (r.key() == null) {
                continue;
            }
            if (!target.hasKey(rule.keyFields(), r.key())) {
                // the sorted key list only for the message: building it for every reference showed in the profile
                Set<String> keys = target.keys(rule.keyFields());
                String msg = "key \"" + r.key() + "\" is not in " + rule.kind() + " \"" + r.name() + "\" (defined in "
                        + target.source() + "; keys: " + String.join(", ", keys) + ")" + nearest(r.key(), keys);
                if (r.optional()) {
                    sink.warning(r.keyPath(), msg + " (optional reference)");
                } else {
                    sink.error(r.keyPath(), msg);
                }
            }
        }
    }

    private static String nearest(String name, Set<String> candidates) {
        return Suggest.nearest(name, new TreeSet<>(candidates)).map(c -> "; did you mean \"" + c + "\"?").orElse("");
    }
}
