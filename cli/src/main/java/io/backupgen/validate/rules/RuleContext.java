package io.backupgen.validate.rules;

import io.backupgen.document.Document;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What rules may look at besides the document: the Kubernetes version, how strict references are, the set. */
public final class RuleContext {
    private final String kubernetesVersion;
    private final int minor;
    private final boolean externalRefsAllowed;
    private final Map<String, Document> byKindAndName = new HashMap<>();

    /**
     * @param minor               the Kubernetes minor version (1.31.0 -> 31; Integer.MAX_VALUE for master)
     * @param externalRefsAllowed the set is partial: a referenced ConfigMap/PVC/ServiceAccount it lacks is a warning
     */
    public RuleContext(String kubernetesVersion, int minor, boolean externalRefsAllowed, List<Document> set) {
        this.kubernetesVersion = kubernetesVersion;
        this.minor = minor;
        this.externalRefsAllowed = externalRefsAllowed;
        for (Document d : set) {
            if (d.body() != null && d.body().isObject()) {
                byKindAndName.putIfAbsent(d.kind() + "/" + d.name(), d);
            }
        }
    }

    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    public int minor() {
        return minor;
    }

    public boolean externalRefsAllowed() {
        return externalRefsAllowed;
    }

    /** Names of the objects of a kind in the set, for "did you mean". */
    public Set<String> names(String kind) {
        Set<String> out = new TreeSet<>();
        byKindAndName.keySet().stream().filter(k -> k.startsWith(kind + "/"))
                .forEach(k -> out.add(k.substring(kind.length() + 1)));
        return out;
    }

    /**
     * The object of that kind and name in the set. Namespaces are not compared: a rendered set
     * usually has none, and kustomize sets one namespace for all.
     */
    public Optional<Document> find(String kind, String name) {
        return Optional.ofNullable(byKindAndName.get(kind + "/" + name));
    }
}
