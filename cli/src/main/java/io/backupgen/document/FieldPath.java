package io.backupgen.document;

import java.util.List;

/** Field paths the way kubectl explains them: {@code spec.containers[0].env[3].name}. */
public final class FieldPath {
    private FieldPath() {
    }

    /** Appends a field; names that are not identifiers (label keys, "a.b") are quoted: {@code labels["app.kubernetes.io/name"]}. */
    public static String field(String parent, String name) {
        if (!plain(name)) {
            return parent + "[\"" + name.replace("\"", "\\\"") + "\"]";
        }
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /**
     * {@code [A-Za-z_$][A-Za-z0-9_$-]*}, by hand: rules build a path for every field of every
     * validated document, and the regex showed in the profile.
     */
    private static boolean plain(String name) {
        int n = name.length();
        if (n == 0) {
            return false;
        }
        char first = name.charAt(0);
        if (!(first >= 'A' && first <= 'Z' || first >= 'a' && first <= 'z' || first == '_' || first == '$')) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c == '-')) {
                return false;
            }
        }
        return true;
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

    /** {@code spec.containers[0]["app.kubernetes.io/name"]} -> {@code /spec/containers/0/app.kubernetes.io~1name}. */
    public static String toPointer(String path) {
        StringBuilder out = new StringBuilder();
        for (Object e : elements(path)) {
            String s = String.valueOf(e);
            out.append('/').append(s.indexOf('~') < 0 && s.indexOf('/') < 0 ? s : s.replace("~", "~0").replace("/", "~1"));
        }
        return out.toString();
    }

    /** The elements of a path: field names as strings, indexes as integers. */
    public static List<Object> elements(String path) {
        List<Object> out = new java.util.ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '[' && i + 1 < n && path.charAt(i + 1) == '"') {
                StringBuilder name = new StringBuilder();
                int j = i + 2;
                while (j < n && !(path.charAt(j) == '"' && j + 1 < n && path.charAt(j + 1) == ']')) {
                    if (path.charAt(j) == '\\' && j + 1 < n) {
                        j++;
                    }
                    name.append(path.charAt(j++));
                }
                out.add(name.toString());
                i = j + 2;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    out.add(path.substring(i));
                    break;
                }
                String idx = path.substring(i + 1, close);
                out.add(digits(idx) ? (Object) Integer.valueOf(idx) : idx);
                i = close + 1;
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                out.add(path.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    /** {@code \\d+} of an index that fits an int. */
    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 9) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
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
