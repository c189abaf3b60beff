package io.backupgen.text;

import java.util.Optional;

/**
 * The one definition of "text that cannot change the structure of what it is pasted into". A spec
 * value ends up in YAML comments, labels, ConfigMap data, environment variables and file headers; a
 * line break there starts a new line, and so a new key, a new document ({@code ---}) or a new command.
 * YAML 1.1 (SnakeYAML, and Go's yaml.v2 that kubectl uses) also breaks lines at NEL, LINE SEPARATOR
 * and PARAGRAPH SEPARATOR, so those count as line breaks too. Invisible bidirectional controls are
 * refused for the same reason source code refuses them: what a reviewer sees is not what runs.
 *
 * <p>Input is checked with {@link #problem}; text shown to people (messages, comments) goes through
 * {@link #visible}, which spells such characters out instead of printing them.
 */
public final class SafeText {
    private SafeText() {
    }

    /** A character that {@link #problem} refuses, where it is, and what kind of character it is. */
    public record Unsafe(int index, int codePoint, String kind) {
        public String describe() {
            return kind + " " + codeName(codePoint) + " at character " + (index + 1);
        }
    }

    /** The first character of {@code s} that could break out of a single YAML line, if any. */
    public static Optional<Unsafe> problem(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            String kind = kind(cp);
            if (kind != null) {
                return Optional.of(new Unsafe(i, cp, kind));
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    public static boolean isSafe(String s) {
        return problem(s).isEmpty();
    }

    /** {@code s} with every unsafe character spelt out ({@code \n}, {@code \u2028}), safe to print on one line. */
    public static String visible(String s) {
        if (s == null || isSafe(s)) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (kind(cp) == null) {
                sb.appendCodePoint(cp);
            } else {
                sb.append(escape(cp));
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    /**
     * {@code s} as a YAML double-quoted scalar that reads back as exactly {@code s}, whatever it holds:
     * quotes and backslashes escaped, every control character and YAML line break (NEL, LS, PS) written
     * as an escape, so nothing in it can end the scalar or fold into a space.
     */
    public static String yamlQuoted(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else if (c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /**
     * A file name fit for a generated header: printable, without the characters that end a comment or a
     * JSON string ({@code "}, {@code \}, {@code *}, {@code >}, braces); anything else becomes {@code _}.
     * Deterministic, so the same spec file name always gives the same bytes.
     */
    public static String fileLabel(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            boolean ok = kind(cp) == null && cp != '"' && cp != '\\' && cp != '*' && cp != '>' && cp != '<'
                    && cp != '{' && cp != '}' && cp != '`' && cp != '$' && !Character.isISOControl(cp);
            sb.appendCodePoint(ok ? cp : '_');
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String kind(int cp) {
        if (cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C) {
            return "line break";
        }
        if (cp == '\t') {
            return "tab";
        }
        if (Character.isISOControl(cp)) {
            return "control character";
        }
        if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069)) {
            return "invisible bidirectional-text control";
        }
        if (cp == 0xFEFF) {
            return "invisible byte-order mark";
        }
        if (Character.getType(cp) == Character.SURROGATE || (cp & 0xFFFE) == 0xFFFE) {
            return "invalid character";
        }
        return null;
    }

    private static String escape(int cp) {
        return switch (cp) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> codeName(cp).replace("U+", "\\u");
        };
    }

    private static String codeName(int cp) {
        return String.format(cp > 0xFFFF ? "U+%06X" : "U+%04X", cp);
    }
}
