package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers "which file set this value, and where": the topmost layer that defines a field is the
 * one a diagnostic about it must point at.
 */
final class Origins {
    private record Entry(Layer layer, JsonPointer prefix) {
    }

    private final List<Entry> topFirst = new ArrayList<>();

    Origins(List<Layer> bottomFirst, JsonPointer prefix) {
        for (Layer l : bottomFirst) {
            topFirst.add(0, new Entry(l, prefix));
        }
    }

    private Origins(List<Entry> entries) {
        topFirst.addAll(entries);
    }

    /** The same stack with one more layer on top, whose values sit under {@code prefix}. */
    Origins withTop(Layer layer, JsonPointer prefix) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(layer, prefix));
        entries.addAll(topFirst);
        return new Origins(entries);
    }

    /** At the deepest key above {@code p} that the top file (the user's) has, or at no line when it has none. */
    private Diagnostic inUsersFile(JsonPointer p, String message, String allowed, String suggestion) {
        Entry top = topFirst.get(0);
        JsonPointer full = top.prefix().append(p);
        for (JsonPointer a = full; a != null && !a.matches(); a = a.head()) {
            if (top.layer().defines(a)) {
                Diagnostic d = top.layer().diagnostic(a, message, allowed, suggestion);
                return new Diagnostic(d.file(), d.line(), d.column(), SpecSchema.dotted(full), message, allowed,
                        suggestion);
            }
        }
        return new Diagnostic(top.layer().file(), 0, 0, SpecSchema.dotted(full), message, allowed, suggestion);
    }

    Diagnostic diagnostic(String pointer, String message, String allowed, String suggestion) {
        JsonPointer p = JsonPointer.compile(pointer);
        for (Entry e : topFirst) {
            JsonPointer full = e.prefix().append(p);
            if (e.layer().defines(full)) {
                if (e.layer().builtIn()) {
                    // Not a file the user has: point at the spec (at the nearest enclosing key it has) and
                    // say where the value came from.
                    return inUsersFile(p, message + " (" + SpecSchema.dotted(p) + " is '"
                            + e.layer().tree().at(full).asText() + "', from the " + e.layer().file() + ")",
                            allowed, suggestion);
                }
                return e.layer().diagnostic(full, message, allowed, suggestion);
            }
        }
        Entry top = topFirst.get(0);
        return top.layer().diagnostic(top.prefix().append(p), message, allowed, suggestion);
    }
}
