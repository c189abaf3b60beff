package io.backupgen.validate.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One (sub)schema, compiled to its keyword checks the first time a document reaches it: the
 * standalone Kubernetes schemas repeat whole pod templates in every workload kind, and most of
 * those trees are never visited. Compiling is a pure function of the schema, so two threads that
 * race to compile the same node build equal checks and either result may be kept.
 */
final class SchemaNode {
    final JsonNode schema;
    final Compilation compilation;
    private volatile Check[] checks;
    /** The node's {@code type} check when it is its only keyword that checks anything (oneOf's fast path). */
    private volatile Checks.Type onlyType;

    interface Check {
        void check(JsonNode instance, Walk walk);
    }

    SchemaNode(JsonNode schema, Compilation compilation) {
        this.schema = schema;
        this.compilation = compilation;
    }

    void validate(JsonNode instance, Walk walk) {
        Check[] cs = checks;
        if (cs == null) {
            cs = compile();
        }
        for (Check c : cs) {
            c.check(instance, walk);
        }
    }

    Checks.Type onlyType() {
        if (checks == null) {
            compile();
        }
        return onlyType;
    }

    /** The {@code type} check of this node, if it has one (anyOf looks at it first). */
    Checks.Type typeCheck() {
        Check[] cs = checks;
        if (cs == null) {
            cs = compile();
        }
        for (Check c : cs) {
            if (c instanceof Checks.Type t) {
                return t;
            }
        }
        return null;
    }

    /**
     * networknt's order: the keywords in the schema's order, except that {@code properties} runs first.
     * Only the order of failures at one location shows (they are sorted by location), and {@code properties}
     * reports only below it, so the move is kept for clarity, not for the output.
     */
    private Check[] compile() {
        List<Check> out = new ArrayList<>();
        Check properties = null;
        for (var it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Check c = Keywords.check(e.getKey(), e.getValue(), schema, compilation);
            if (c == null) {
                continue;
            }
            if (e.getKey().equals("properties")) {
                properties = c;
            } else {
                out.add(c);
            }
        }
        if (properties != null) {
            out.add(0, properties);
        }
        Check[] cs = out.toArray(new Check[0]);
        onlyType = cs.length == 1 && cs[0] instanceof Checks.Type t ? t : null;
        checks = cs;
        return cs;
    }
}
