package io.backupgen.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into documents at {@code ---} lines (as kubectl's YAML reader does), one at a
 * time, so a file of any size is read with one document in memory and a broken document does not
 * hide the ones after it. A {@code ...} line ends a document. Lines holding only comments or
 * directives before the first content stay with the document they precede.
 */
final class Chunker {
    /**
     * One document's bytes, or why they could not be taken.
     *
     * @param bytes      the document's bytes (the first {@code length}), when it is not {@code chars}
     * @param lineStarts where each line starts, when every byte is printable ASCII, a TAB or a line feed
     *                   (the bytes are then the characters, and {@link BlockYaml} needs no scan of its
     *                   own); null otherwise
     * @param chars      then, the characters (exactly {@code length}), widened as the lines were taken,
     *                   while they were in the cache: a pass of their own over the bytes, on the
     *                   parsing thread, was 5-7% of validate's samples
     */
    record Chunk(byte[] bytes, int length, int firstLine, YamlError error, int[] lineStarts, char[] chars) {
        Chunk(byte[] bytes, int length, int firstLine, YamlError error) {
            this(bytes, length, firstLine, error, null, null);
        }
    }

    private static final int READ = 64 * 1024;

    private final InputStream in;
    private final YamlLimits limits;
    private final byte[] buf = new byte[READ];
    private int bufPos;
    private int bufLen;
    private boolean eof;
    private long total;
    private int line = 1;
    private boolean first = true;

    // the chunk being built
    private byte[] chunk = new byte[4096];
    private int chunkLen;
    private int chunkFirstLine = 1;
    private boolean chunkHasContent;
    private boolean chunkTooLarge;
    private long chunkBytes;
    private int binaryAtLine;
    /** Every byte so far printable ASCII, TAB or LF; then {@link #chunkLines} holds where its lines start. */
    private boolean chunkPlain = true;
    private int[] chunkLines = new int[64];
    /** While {@link #chunkPlain}: the chunk's characters (its bytes widened); reused, as each chunk takes a copy. */
    private char[] chunkChars = new char[4096];
    private int chunkLineCount = 1;

    Chunker(InputStream in, YamlLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** The next document's chunk, or null at the end. */
    Chunk next() throws IOException {
        while (queue.isEmpty() && !finished) {
            readLine();
        }
        return queue.poll();
    }

    private final java.util.ArrayDeque<Chunk> queue = new java.util.ArrayDeque<>();
    private boolean finished;
    private byte[] lineBuf = new byte[256];

    private void readLine() throws IOException {
        int lineLen = 0;
        boolean any = false;
        boolean lineTooLong = false;
        boolean plain = true;
        // the line is l[off, off + lineLen): in lineBuf, or, when it lies whole in the read buffer, there
        // (copying every line to lineBuf first showed in profiles)
        boolean inBuffer = false;
        int off = 0;
        // a buffer's worth at a time (scanning byte by byte with every check was most of the reading thread's time)
        while (true) {
            if (bufPos == bufLen && (eof || !fill())) {
                break;
            }
            any = true;
            byte[] b = buf;
            int start = bufPos;
            int end = start;
            boolean lineEnd = false;
            while (end < bufLen) {
                int v = b[end++] & 0xFF;
                if (v < 0x20 || v >= 0x7F) {
                    if (v == '\n') {
                        lineEnd = true;
                        break;
                    }
                    if (v != '\t') {
                        plain = false;
                        if (v == 0 && binaryAtLine == 0) {
                            binaryAtLine = line;
                        }
                    }
                }
            }
            int len = end - start;
            bufPos = end;
            total += len;
            if (total > limits.maxInputBytes()) {
                finished = true;
                queue.add(new Chunk(null, 0, line, new YamlError(YamlError.Kind.LIMIT, line, 0,
                        "the input is larger than the limit of " + human(limits.maxInputBytes()))));
                return;
            }
            if (lineEnd && lineLen == 0 && len <= limits.maxDocumentBytes() + 1L) {
                inBuffer = true; // what the copy below would give: the whole line, not too long
                off = start;
                lineLen = len;
                break;
            }
            int room = (int) Math.min(len, limits.maxDocumentBytes() + 1L - lineLen);
            if (room < len) {
                lineTooLong = true;
            }
            if (room > 0) {
                if (lineLen + room > lineBuf.length) {
                    lineBuf = Arrays.copyOf(lineBuf, (int) Math.min(Math.max((long) lineBuf.length * 2, lineLen + room),
                            limits.maxDocumentBytes() + 1L));
                }
                System.arraycopy(b, start, lineBuf, lineLen, room);
                lineLen += room;
            }
            if (lineEnd) {
                break;
            }
        }
        byte[] l = inBuffer ? buf : lineBuf;
        if (!any) {
            finished = true;
            emit(takeChunk(line));
            return;
        }
        int from = 0;
        if (first) {
            first = false;
            if (lineLen >= 3 && (l[off] & 0xff) == 0xEF && (l[off + 1] & 0xff) == 0xBB && (l[off + 2] & 0xff) == 0xBF) {
                from = 3; // a UTF-8 byte order mark is not content
            } else if (lineLen >= 2 && ((l[off] & 0xff) == 0xFE && (l[off + 1] & 0xff) == 0xFF
                    || (l[off] & 0xff) == 0xFF && (l[off + 1] & 0xff) == 0xFE)) {
                finished = true;
                queue.add(new Chunk(null, 0, 1, new YamlError(YamlError.Kind.ENCODING, 1, 1,
                        "the file is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)")));
                return;
            }
        }
        off += from;
        int len = lineLen - from;
        int thisLine = line++;
        if (isSeparator(l, off, len) && (chunkHasContent || chunkTooLarge)) {
            emit(takeChunk(thisLine));
            startChunk(thisLine);
        }
        if (chunkLen == 0 && !chunkHasContent && !chunkTooLarge) {
            chunkFirstLine = thisLine;
        }
        append(l, off, len, lineTooLong, plain && from == 0);
        if (!chunkHasContent && hasContent(l, off, len)) { // once it has some, a line cannot change that
            chunkHasContent = true;
        }
        if (isDocumentEnd(l, off, len)) {
            emit(takeChunk(line));
            startChunk(line);
        }
    }

    private void emit(Chunk c) {
        if (c.error() != null || c.length() > 0) {
            queue.add(c);
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        bufPos = 0;
        bufLen = n;
        return true;
    }

    private void append(byte[] b, int off, int len, boolean lineTooLong, boolean plain) {
        chunkBytes += len;
        if (chunkTooLarge || lineTooLong || chunkBytes > limits.maxDocumentBytes()) {
            chunkTooLarge = true;
            chunk = new byte[0];
            chunkLen = 0;
            return;
        }
        if (chunkLen + len > chunk.length) {
            chunk = Arrays.copyOf(chunk, Math.max(chunkLen + len, chunk.length * 2));
        }
        System.arraycopy(b, off, chunk, chunkLen, len);
        if (chunkPlain && plain) {
            if (chunkLen + len > chunkChars.length) {
                chunkChars = Arrays.copyOf(chunkChars, Math.max(chunkLen + len, chunkChars.length * 2));
            }
            char[] chars = chunkChars;
            for (int k = 0; k < len; k++) {
                chars[chunkLen + k] = (char) b[off + k]; // printable ASCII, TAB or LF: each byte is its character
            }
        }
        chunkLen += len;
        chunkPlain &= plain;
        if (chunkPlain && len > 0 && b[off + len - 1] == '\n') {
            if (chunkLineCount == chunkLines.length) {
                chunkLines = Arrays.copyOf(chunkLines, chunkLineCount * 2);
            }
            chunkLines[chunkLineCount++] = chunkLen;
        }
    }

    private Chunk takeChunk(int nextLine) {
        Chunk c;
        if (chunkTooLarge) {
            c = new Chunk(null, 0, chunkFirstLine, new YamlError(YamlError.Kind.LIMIT, chunkFirstLine, 0,
                    "the document starting here is larger than the limit of " + human(limits.maxDocumentBytes())
                            + " (lines " + chunkFirstLine + "-" + (nextLine - 1) + ")"));
        } else if (binaryAtLine > 0) {
            c = new Chunk(null, 0, binaryAtLine, new YamlError(YamlError.Kind.BINARY, binaryAtLine, 0,
                    "binary data (a NUL byte) at line " + binaryAtLine + ": this is not a YAML or JSON text file"));
        } else if (!chunkHasContent) {
            c = new Chunk(chunk, 0, chunkFirstLine, null);
        } else if (chunkPlain) {
            c = new Chunk(null, chunkLen, chunkFirstLine, null, Arrays.copyOf(chunkLines, chunkLineCount),
                    Arrays.copyOf(chunkChars, chunkLen));
        } else {
            // the array itself when little of it is unused (startChunk then makes a new one): a copy per
            // document showed in profiles; a trimmed copy otherwise, as the bytes in flight are bounded by their length
            boolean handOver = chunk.length - chunkLen <= chunkLen / 4;
            c = new Chunk(handOver ? chunk : Arrays.copyOf(chunk, chunkLen), chunkLen, chunkFirstLine, null);
            if (handOver) {
                chunk = null;
            }
        }
        return c;
    }

    private void startChunk(int firstLine) {
        if (chunk == null || chunk.length == 0) {
            chunk = new byte[4096]; // else the last one's array is reused: no chunk holds it
        }
        chunkLen = 0;
        chunkFirstLine = firstLine;
        chunkHasContent = false;
        chunkTooLarge = false;
        chunkBytes = 0;
        binaryAtLine = 0;
        chunkPlain = true;
        chunkLineCount = 1;
    }

    /** {@code ---} at the start of a line, followed by nothing, a blank or a comment (kubectl's separator). */
    static boolean isSeparator(byte[] b, int off, int len) {
        return len >= 3 && b[off] == '-' && b[off + 1] == '-' && b[off + 2] == '-' && (len == 3 || isBlank(b[off + 3]));
    }

    static boolean isDocumentEnd(byte[] b, int off, int len) {
        return len >= 3 && b[off] == '.' && b[off + 1] == '.' && b[off + 2] == '.' && (len == 3 || isBlank(b[off + 3]));
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Neither blank, a comment, a directive, nor a bare separator or document end. */
    private static boolean hasContent(byte[] b, int off, int len) {
        int i = 0;
        if (isSeparator(b, off, len) || isDocumentEnd(b, off, len)) {
            i = 3;
        } else if (len > 0 && b[off] == '%') {
            return false;
        }
        while (i < len && isBlank(b[off + i])) {
            i++;
        }
        return i < len && b[off + i] != '#';
    }

    static String human(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
