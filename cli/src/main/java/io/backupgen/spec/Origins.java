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

    Diagnostic diagnostic(String pointer, String message, String allowed, String suggestion) {
        JsonPointer p = JsonPointer.compile(pointer);
        for (Entry e : topFirst) {
            JsonPointer full = e.prefix().append(p);
            if (e.layer().defines(full)) {
                return e.layer().diagnostic(full, message, allowed, suggestion);
            }
        }
        Entry top = topFirst.get(0);
        return top.layer().diagnostic(top.prefix().append(p), message, allowed, suggestion);
    }
}
