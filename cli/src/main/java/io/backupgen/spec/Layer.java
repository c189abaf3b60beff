package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One parsed YAML source of the spec (the user's file, a profile, the built-in defaults).
 *
 * @param builtIn shipped inside backupgen (the defaults, a built-in profile): a file the user does not
 *                have, so a diagnostic never points at a line in it
 */
record Layer(String file, JsonNode tree, SourceMap positions, boolean builtIn) {

    boolean defines(JsonPointer pointer) {
        JsonNode n = tree.at(pointer);
        return !n.isMissingNode() && !n.isNull();
    }

    Diagnostic diagnostic(JsonPointer pointer, String message, String allowed, String suggestion) {
        SourceMap.Position pos = positions.findValue(pointer);
        return new Diagnostic(file, pos.line(), pos.column(), SpecSchema.dotted(pointer), message, allowed, suggestion);
    }
}
