package io.backupgen.validate;

import io.backupgen.document.Document;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What rules may look at besides the document: the options and the other documents of the set. */
public final class RuleContext {
    private final ValidatorOptions options;
    private final Map<String, Document> byKindAndName = new HashMap<>();

    RuleContext(ValidatorOptions options, List<Document> set) {
        this.options = options;
        for (Document d : set) {
            if (d.body() != null && d.body().isObject()) {
                byKindAndName.putIfAbsent(d.kind() + "/" + d.name(), d);
            }
        }
    }

    public ValidatorOptions options() {
        return options;
    }

    /**
     * The object of that kind and name in the set. Namespaces are not compared: a rendered set
     * usually has none, and kustomize sets one namespace for all.
     */
    /** Names of the objects of a kind in the set, for "did you mean". */
    public java.util.Set<String> names(String kind) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        byKindAndName.keySet().stream().filter(k -> k.startsWith(kind + "/"))
                .forEach(k -> out.add(k.substring(kind.length() + 1)));
        return out;
    }

    public Optional<Document> find(String kind, String name) {
        return Optional.ofNullable(byKindAndName.get(kind + "/" + name));
    }
}
