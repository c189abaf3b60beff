package io.backupgen.yaml;

import io.backupgen.yaml.BlockCursor.Unsupported;

/**
 * A literal ({@code |}) or folded ({@code >}) scalar of the block-YAML subset ({@link BlockYaml}), as
 * SnakeYAML's scanner reads it: indentation detected from the first lines (at least one more than the
 * collection's) or given by an indicator, folding and chomping by its rules.
 */
final class BlockScalar {
    private final BlockCursor c;
    private final char[] s;
    private final int n;
    private int indent;
    /** Spaces of indentation taken on the current line. */
    private int column;
    /** Empty lines passed since the last content line. */
    private int breaks;

    private BlockScalar(BlockCursor c) {
        this.c = c;
        this.s = c.s;
        this.n = c.n;
    }

    /**
     * The scalar whose indicator is at {@code pos}, in a collection at column {@code parent}. Leaves
     * {@code pos} at the start of the line that ends it.
     */
    static String read(BlockCursor c, int parent) {
        return new BlockScalar(c).read(parent);
    }

    private String read(int parent) {
        boolean folded = s[c.pos] == '>';
        c.pos++;
        Boolean chomping = null; // null: clip, TRUE: keep, FALSE: strip
        int increment = -1;
        if (c.pos < n && (s[c.pos] == '-' || s[c.pos] == '+')) {
            chomping = s[c.pos] == '+';
            c.pos++;
            if (c.pos < n && s[c.pos] >= '1' && s[c.pos] <= '9') {
                increment = s[c.pos++] - '0';
            }
        } else if (c.pos < n && s[c.pos] >= '1' && s[c.pos] <= '9') {
            increment = s[c.pos++] - '0';
            if (c.pos < n && (s[c.pos] == '-' || s[c.pos] == '+')) {
                chomping = s[c.pos] == '+';
                c.pos++;
            }
        }
        if (c.pos < n && s[c.pos] != ' ' && s[c.pos] != '\n') {
            throw Unsupported.INSTANCE; // "|0", "|x", "|#": the full reader's error
        }
        c.endOfLine();
        int minIndent = Math.max(parent + 1, 1);
        if (increment == -1) {
            detectIndentation(minIndent);
        } else {
            indent = minIndent + increment - 1;
            skipIndentation();
        }
        int pos = c.pos;
        StringBuilder out = new StringBuilder();
        boolean lineBreak = false;
        while (column == indent && pos < n) {
            appendBreaks(out, breaks);
            boolean leadingNonSpace = s[pos] != ' ' && s[pos] != '\t';
            int start = pos;
            while (pos < n && s[pos] != '\n') {
                pos++;
            }
            out.append(s, start, pos - start);
            lineBreak = pos < n;
            if (lineBreak) {
                pos++;
            }
            column = 0;
            breaks = 0;
            c.pos = pos;
            skipIndentation();
            pos = c.pos;
            if (column == indent && pos < n) {
                if (folded && lineBreak && leadingNonSpace && s[pos] != ' ' && s[pos] != '\t') {
                    if (breaks == 0) {
                        out.append(' ');
                    }
                } else if (lineBreak) {
                    out.append('\n');
                }
            } else {
                break;
            }
            if (out.length() > c.maxScalar) {
                throw Unsupported.INSTANCE;
            }
        }
        if (chomping == null || chomping) {
            if (lineBreak) {
                out.append('\n');
            }
        }
        if (chomping != null && chomping) {
            appendBreaks(out, breaks);
        }
        c.pos = c.lineStart(pos);
        return c.scalar(out.toString());
    }

    /**
     * No indicator: the indentation is the deepest of the empty lines before the first content line
     * and that line's, at least {@code minIndent}. Leaves {@code pos} after it, {@code column} as taken.
     */
    private void detectIndentation(int minIndent) {
        int maxIndent = 0;
        while (c.pos < n && (s[c.pos] == ' ' || s[c.pos] == '\n')) {
            if (s[c.pos] == '\n') {
                breaks++;
                column = 0;
            } else if (++column > maxIndent) {
                maxIndent = column;
            }
            c.pos++;
        }
        indent = Math.max(minIndent, maxIndent);
    }

    /**
     * From a line start: past up to {@link #indent} spaces of this line and of each empty line after
     * it, counting those lines in {@link #breaks}; {@code column} is the indentation taken on the line
     * {@code pos} then stands on.
     */
    private void skipIndentation() {
        while (true) {
            while (column < indent && c.pos < n && s[c.pos] == ' ') {
                c.pos++;
                column++;
            }
            if (c.pos < n && s[c.pos] == '\n') {
                breaks++;
                c.pos++;
                column = 0;
            } else {
                return;
            }
        }
    }

    private static void appendBreaks(StringBuilder out, int breaks) {
        for (int i = 0; i < breaks; i++) {
            out.append('\n');
        }
    }
}
