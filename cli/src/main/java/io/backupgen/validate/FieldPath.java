package io.backupgen.validate;

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

    /** Builds a path from elements: strings are fields, integers are indexes. */
    public static String of(List<?> elements) {
        String p = "";
        for (Object e : elements) {
            p = e instanceof Integer i ? index(p, i) : field(p, String.valueOf(e));
        }
        return p;
    }
}
