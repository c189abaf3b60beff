package io.backupgen.spec;

import io.backupgen.text.SafeText;

/**
 * One problem in a spec, positioned so an editor can jump to it.
 *
 * @param file       the file as the user named it
 * @param line       1-based line, 0 when the position is unknown
 * @param column     1-based column, 0 when unknown
 * @param path       field path in dotted form, e.g. {@code tiers.daily.keep}; empty for the document
 * @param message    what is wrong
 * @param allowed    what would be accepted (may be empty)
 * @param suggestion a "did you mean" or how to fix it (may be empty)
 */
public record Diagnostic(String file, int line, int column, String path, String message, String allowed,
                         String suggestion) {

    /**
     * {@code file:line:col: path: message} plus indented allowed/suggestion lines. Every part may quote
     * the user's input, so control characters are spelt out ({@link SafeText#visible}), never printed.
     */
    public String format() {
        StringBuilder sb = new StringBuilder(SafeText.visible(file));
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!path.isEmpty()) {
            sb.append(SafeText.visible(path)).append(": ");
        }
        sb.append(SafeText.visible(message));
        if (!allowed.isEmpty()) {
            sb.append("\n    allowed: ").append(SafeText.visible(allowed));
        }
        if (!suggestion.isEmpty()) {
            sb.append("\n    ").append(SafeText.visible(suggestion));
        }
        return sb.toString();
    }
}
