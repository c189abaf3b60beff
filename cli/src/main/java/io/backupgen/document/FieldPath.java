package io.backupgen.document;

import java.util.List;
import java.util.regex.Pattern;

/** Field paths the way kubectl explains them: {@code spec.containers[0].env[3].name}. */
public final class FieldPath {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private FieldPath() {
    }

    /** Appends a field; names that are not identifiers (label keys, "a.b") are quoted: {@code labels["app.kubernetes.io/name"]}. */
    public static String field(String parent, String name) {
        if (!PLAIN.matcher(name).matches()) {
            return parent + "[\"" + name.replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** {@code a.b[0]} -> {@code a.b}; {@code a.b} -> {@code a}; {@code a["x.y"]} -> {@code a}; {@code a} -> "". */
    public static String parent(String path) {
        if (path.endsWith("]")) {
            int open = path.endsWith("\"]") ? path.lastIndexOf("[\"") : path.lastIndexOf('[');
            return open < 0 ? "" : path.substring(0, open);
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** Builds a path from elements: strings are fields, integers are indexes. */
    public static String of(List<?> elements) {
        String p = "";
        for (Object e : elements) {
            p = e instanceof Integer i ? index(p, i) : field(p, String.valueOf(e));
        }
        return p;
    }
}
