package io.backupgen.yaml;

/**
 * The text one {@link BlockYaml} read walks, and where it is: the line-level moves its readers share
 * (blank and comment lines, line ends, indicators). Anything outside the block-YAML subset throws
 * {@link Unsupported}, which {@link BlockYaml#read} turns into "let the full reader have it".
 */
final class BlockCursor {
    /** The document is outside the subset: let the full reader have it. Thrown, never seen outside. */
    static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("outside the block-YAML subset", null, false, false);
        }
    }

    final char[] s;
    final int n;
    /** Longest scalar the subset takes; a longer one is the full reader's (it reports the limit). */
    final int maxScalar;
    int pos;

    BlockCursor(char[] s, int maxScalar) {
        this.s = s;
        this.n = s.length;
        this.maxScalar = maxScalar;
    }

    static Unsupported unsupported() {
        return Unsupported.INSTANCE;
    }

    /**
     * From a line start: skips blank and comment-only lines and leaves {@code pos} at the start of the
     * next content line; returns its indentation, or -1 at the end.
     */
    int skipToContent() {
        while (pos < n) {
            int i = pos;
            while (i < n && s[i] == ' ') {
                i++;
            }
            if (i == n) {
                pos = n;
                return -1;
            }
            char c = s[i];
            if (c == '\n') {
                pos = i + 1;
            } else if (c == '#') {
                pos = i;
                toNextLine();
            } else if (c == '\t') {
                throw Unsupported.INSTANCE; // TABs around indentation: go-yaml's rules, in the full reader
            } else {
                if (c == '%' && i == pos || c == '.' && i == pos && i + 2 < n && s[i + 1] == '.' && s[i + 2] == '.') {
                    throw Unsupported.INSTANCE; // a directive, a document end
                }
                return i - pos;
            }
        }
        return -1;
    }

    /** {@code ---} alone at {@code pos} (a line start), but for blanks and a comment: a document start. */
    boolean atDocumentStart() {
        return pos + 3 <= n && s[pos] == '-' && s[pos + 1] == '-' && s[pos + 2] == '-'
                && (pos + 3 == n || s[pos + 3] == ' ' || s[pos + 3] == '\n');
    }

    /** Moves {@code pos} past the next line break (or to the end). */
    void toNextLine() {
        while (pos < n && s[pos] != '\n') {
            pos++;
        }
        if (pos < n) {
            pos++;
        }
    }

    /** After a value: only blanks and a comment may follow on the line; then the next line. */
    void endOfLine() {
        int start = pos;
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos < n && s[pos] == '#' && pos > start) {
            toNextLine();
            return;
        }
        if (pos < n && s[pos] != '\n') {
            throw Unsupported.INSTANCE;
        }
        toNextLine();
    }

    /** Where the line holding {@code at} starts. */
    int lineStart(int at) {
        int i = at;
        while (i > 0 && s[i - 1] != '\n') {
            i--;
        }
        return i;
    }

    /** At the line's end (or the text's): nothing but what {@link #endOfLine} skips follows. */
    boolean atLineEnd() {
        return pos == n || s[pos] == '\n' || s[pos] == '#';
    }

    /** {@code -} followed by a blank or the line end: a block sequence entry. */
    boolean isSequenceEntry(int at) {
        return at < n && s[at] == '-' && (at + 1 == n || s[at + 1] == ' ' || s[at + 1] == '\n' || s[at + 1] == '\t');
    }

    /** Skips blanks; a TAB among them is the full reader's. */
    void skipSpaces() {
        while (pos < n && s[pos] == ' ') {
            pos++;
        }
        if (pos < n && s[pos] == '\t') {
            throw Unsupported.INSTANCE;
        }
    }

    /**
     * A plain scalar may start here: not an indicator ({@code - ? :} followed by a blank are, and
     * {@code , [ ] { } # & * ! | > ' " % @ `} always are).
     */
    boolean plainStart(int at) {
        char c = s[at];
        switch (c) {
            case ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', ' ', '\t', '\n' -> {
                return false;
            }
            case '-', '?', ':' -> {
                return at + 1 < n && s[at + 1] != ' ' && s[at + 1] != '\n' && s[at + 1] != '\t';
            }
            default -> {
                return true;
            }
        }
    }

    /** {@code text} as the subset takes it: not longer than {@link #maxScalar}. */
    String scalar(String text) {
        if (text.length() > maxScalar) {
            throw Unsupported.INSTANCE;
        }
        return text;
    }
}
