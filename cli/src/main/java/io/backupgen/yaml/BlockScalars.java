package io.backupgen.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.yaml.BlockCursor.Unsupported;

/**
 * The one-line scalars of the block-YAML subset ({@link BlockYaml}): plain ones, resolved by
 * {@link Scalars} as the full reader resolves them, and single- and double-quoted ones with
 * SnakeYAML's escapes. Each starts at the cursor's {@code pos}.
 */
final class BlockScalars {
    private BlockScalars() {
    }

    /**
     * A plain scalar that ends on its line: at a comment or the line end; {@code pos} then at the next
     * line. A continuation on the next, more indented line is caught by the collection loops (it is
     * not a key there).
     */
    static JsonNode plain(BlockCursor c) {
        char[] s = c.s;
        int n = c.n;
        int start = c.pos;
        int i = start;
        int end;
        while (true) {
            if (i == n || s[i] == '\n') {
                end = i;
                break;
            }
            char d = s[i];
            if (d == '\t') {
                throw Unsupported.INSTANCE;
            }
            if (d == ':' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')) {
                throw Unsupported.INSTANCE; // "a: b: c": the full reader's error
            }
            if (d == '#' && s[i - 1] == ' ') {
                end = i;
                break;
            }
            i++;
        }
        while (end > start && s[end - 1] == ' ') {
            end--;
        }
        if (end - start > c.maxScalar) {
            throw Unsupported.INSTANCE;
        }
        c.pos = i;
        c.toNextLine();
        JsonNode known = ScalarCache.VALUES.get(s, start, end);
        return known != null ? known : ScalarCache.VALUES.put(s, start, end, resolve(s, start, end));
    }

    /** The plain scalar {@code s[start, end)}, resolved as the full reader resolves it. */
    static JsonNode resolve(char[] s, int start, int end) {
        try {
            return Scalars.plain(new String(s, start, end - start));
        } catch (Scalars.NotJson e) {
            throw Unsupported.INSTANCE;
        }
    }

    /** {@code 'text'} on one line, {@code ''} for a quote; {@code pos} after the closing quote. */
    static String singleQuoted(BlockCursor c) {
        char[] s = c.s;
        int n = c.n;
        StringBuilder out = new StringBuilder();
        int i = c.pos + 1;
        while (true) {
            if (i == n || s[i] == '\n') {
                throw Unsupported.INSTANCE; // multi-line or unterminated
            }
            char ch = s[i];
            if (ch == '\'') {
                if (i + 1 < n && s[i + 1] == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                c.pos = i + 1;
                break;
            }
            out.append(ch);
            i++;
        }
        return c.scalar(out.toString());
    }

    /** {@code "text"} on one line with YAML 1.1's escapes (SnakeYAML's set); {@code pos} after the closing quote. */
    static String doubleQuoted(BlockCursor c) {
        return doubleQuoted(c, false);
    }

    /**
     * {@code "text"} with YAML 1.1's escapes (SnakeYAML's set); {@code pos} after the closing quote. With
     * {@code lines}, it may go on over lines as SnakeYAML's scanner folds them: a line break (blanks
     * before it dropped) is a space, or the empty lines after it when there are some; an escaped one is
     * nothing; the next line's leading blanks are dropped. That is how Jackson's writer wraps a long
     * value ({@code "...namespace\}, then {@code \ }} has had..."}): alert descriptions.
     */
    static String doubleQuoted(BlockCursor c, boolean lines) {
        char[] s = c.s;
        int n = c.n;
        int i = c.pos + 1;
        int plainEnd = i;
        while (plainEnd < n && s[plainEnd] != '"' && s[plainEnd] != '\\' && s[plainEnd] != '\n') {
            plainEnd++;
        }
        if (plainEnd < n && s[plainEnd] == '"') {
            // no escape: the common case
            if (plainEnd - i > c.maxScalar) {
                throw Unsupported.INSTANCE;
            }
            c.pos = plainEnd + 1;
            return new String(s, i, plainEnd - i);
        }
        StringBuilder out = new StringBuilder(plainEnd - i + 64);
        while (true) {
            if (i == n || s[i] == '\n' && !lines) {
                throw Unsupported.INSTANCE; // unterminated, or over lines where that is not taken
            }
            char ch = s[i];
            if (ch == '"') {
                c.pos = i + 1;
                break;
            }
            if (ch == ' ' || ch == '\t' || ch == '\n') {
                int end = i;
                while (end < n && (s[end] == ' ' || s[end] == '\t')) {
                    end++;
                }
                if (end < n && s[end] == '\n' && lines) {
                    // blanks before a line break are dropped; the break folds to a space, or to the empty lines
                    int from = out.length();
                    i = breaks(s, end + 1, out);
                    if (out.length() == from) {
                        out.append(' ');
                    }
                } else {
                    out.append(s, i, end - i);
                    i = end;
                }
                continue;
            }
            if (ch != '\\') {
                // the run up to the next character this loop judges, in one append (one per character
                // showed in profiles: Jackson writes long alert descriptions this way)
                int end = i + 1;
                while (end < n && s[end] != '"' && s[end] != '\\' && s[end] != ' ' && s[end] != '\t' && s[end] != '\n') {
                    end++;
                }
                out.append(s, i, end - i);
                i = end;
                continue;
            }
            if (i + 1 == n) {
                throw Unsupported.INSTANCE;
            }
            if (s[i + 1] == '\n' && lines) {
                i = breaks(s, i + 2, out); // an escaped line break joins the lines
                continue;
            }
            i = escape(s, i + 1, out);
        }
        return c.scalar(out.toString());
    }

    /**
     * From a line start inside a quoted scalar: past each line's leading blanks, appending a {@code \n}
     * for each empty line; returns where the text goes on. A document marker at a line start is the
     * full reader's error.
     */
    private static int breaks(char[] s, int i, StringBuilder out) {
        int n = s.length;
        while (true) {
            if (i + 3 <= n && (s[i] == '-' && s[i + 1] == '-' && s[i + 2] == '-' || s[i] == '.' && s[i + 1] == '.' && s[i + 2] == '.')
                    && (i + 3 == n || s[i + 3] == ' ' || s[i + 3] == '\t' || s[i + 3] == '\n')) {
                throw Unsupported.INSTANCE;
            }
            while (i < n && (s[i] == ' ' || s[i] == '\t')) {
                i++;
            }
            if (i < n && s[i] == '\n') {
                out.append('\n');
                i++;
            } else {
                return i;
            }
        }
    }

    /** The escape whose letter is at {@code i} (after the backslash), appended; returns where the text goes on. */
    private static int escape(char[] s, int i, StringBuilder out) {
        char e = s[i++];
        switch (e) {
            case '0' -> out.append('\0');
            case 'a' -> out.append('\u0007');
            case 'b' -> out.append('\b');
            case 't' -> out.append('\t');
            case 'n' -> out.append('\n');
            case 'v' -> out.append('\u000B');
            case 'f' -> out.append('\f');
            case 'r' -> out.append('\r');
            case 'e' -> out.append('\u001B');
            case ' ' -> out.append(' ');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'N' -> out.append('\u0085');
            case '_' -> out.append('\u00A0');
            case 'L' -> out.append('\u2028');
            case 'P' -> out.append('\u2029');
            case 'x', 'u', 'U' -> {
                int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                if (i + len > s.length) {
                    throw Unsupported.INSTANCE;
                }
                int code = 0;
                for (int k = 0; k < len; k++) {
                    int digit = Character.digit(s[i + k], 16);
                    if (digit < 0) {
                        throw Unsupported.INSTANCE;
                    }
                    code = code * 16 + digit;
                }
                if (code < 0 || code > Character.MAX_CODE_POINT) {
                    throw Unsupported.INSTANCE;
                }
                out.appendCodePoint(code);
                i += len;
            }
            default -> throw Unsupported.INSTANCE; // an escaped line break, or one SnakeYAML refuses
        }
        return i;
    }
}
