package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The state of one document's validation: where the walk is (a stack of field names and indexes,
 * copied only when something fails) and the problems found so far, in the order networknt would
 * report them. One per call, never shared between threads.
 */
final class Walk {
    private Object[] path = new Object[16];
    private int depth;
    private ArrayList<Problem> out;
    private final Dialect dialect;

    Walk(Dialect dialect) {
        this.dialect = dialect;
    }

    Dialect dialect() {
        return dialect;
    }

    /**
     * The engine's message for {@code key} (a bound, oneOf...) at the current location, without the
     * location: networknt's own (message bundle, default locale) in Kubernetes' dialect, as ever; its
     * English wording, said by us, in 2020-12's, which must not load networknt.
     */
    String error(String key, Object... arguments) {
        return dialect == Dialect.KUBERNETES ? Bounds.error(this, key, arguments) : Wording.english(key, arguments);
    }

    void push(Object element) {
        if (depth == path.length) {
            path = java.util.Arrays.copyOf(path, depth * 2);
        }
        path[depth++] = element;
    }

    void pop() {
        path[--depth] = null;
    }

    /** How many problems there are so far: a mark to compare with, or to go back to. */
    int mark() {
        return out == null ? 0 : out.size();
    }

    /** The problems found since {@code mark}, a copy. */
    List<Problem> since(int mark) {
        return out == null ? List.of() : List.copyOf(out.subList(mark, out.size()));
    }

    /** Drops the problems found since {@code mark} (a oneOf/anyOf alternative that did not count). */
    void reset(int mark) {
        if (out != null) {
            while (out.size() > mark) {
                out.remove(out.size() - 1);
            }
        }
    }

    /** Reports a failure at the current location; {@code at} puts it before those found since that mark. */
    void fail(int at, String keyword, String property, JsonNode instance, JsonNode schema, String error) {
        if (out == null) {
            out = new ArrayList<>();
        }
        // no pointer: it is made only if the failure is reported (alternatives' failures are often dropped)
        out.add(at < 0 ? out.size() : at, new Problem(null, Problem.elements(path, depth), keyword, property,
                instance, schema, error));
    }

    void fail(String keyword, String property, JsonNode instance, JsonNode schema, String error) {
        fail(-1, keyword, property, instance, schema, error);
    }

    String pointer() {
        return Problem.pointer(path, depth);
    }

    List<Problem> problems() {
        return out == null ? List.of() : out;
    }
}
