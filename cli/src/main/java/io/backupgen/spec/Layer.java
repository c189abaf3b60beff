package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.yaml.Position;
import io.backupgen.yaml.Positions;

/**
 * One parsed YAML source of the spec (the user's file, a profile, the built-in defaults).
 *
 * @param positions where each key and value is, from the YAML reader
 * @param builtIn   shipped inside backupgen (the defaults, a built-in profile): a file the user does not
 *                  have, so a diagnostic never points at a line in it
 * @param text      the source text, for checks that need to see how a value was written
 */
record Layer(String file, JsonNode tree, Positions positions, boolean builtIn, String text) {

    boolean defines(JsonPointer pointer) {
        JsonNode n = tree.at(pointer);
        return !n.isMissingNode() && !n.isNull();
    }

    Diagnostic diagnostic(JsonPointer pointer, String message, String allowed, String suggestion) {
        Position pos = positions.findValue(pointer);
        return new Diagnostic(file, pos.line(), pos.column(), SpecSchema.dotted(pointer), message, allowed, suggestion);
    }
}
