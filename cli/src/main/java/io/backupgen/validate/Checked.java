package io.backupgen.validate;

import io.backupgen.document.Document;
import io.backupgen.validate.rules.ReferenceRules;
import java.util.List;

/**
 * What checking one document alone found ({@link Validator#check}), and what it leaves to the set:
 * its references to other objects and, when references can point at it, its entry in the set's index.
 * It keeps no document body: memory per document is this small record, whatever the document's size.
 *
 * @param document    the document's identity ({@link #identity}): source, index, line, kind, name
 * @param result      the final result when nothing is left to the set (an error, a skipped document); null otherwise
 * @param findings    what the schema and the per-document rules found, in their order
 * @param skipped     no schema, and --ignore-missing-schemas: SKIPPED unless something is wrong
 * @param refs        per rule of {@link ReferenceRules#ALL}, the references the document makes
 * @param refLines    the line of a field path of the document ({@link Document#lineOf}), for the findings
 *                    its references make; it holds the document, so the {@link Sequencer} asks it at
 *                    once and keeps only the lines of references that must wait for their targets
 * @param key         the kind/name references know it by ({@link ReferenceRules#key}), or null
 * @param target      what references need of it, when {@code key} is set
 */
record Checked(Document document, Result result, List<Finding> findings, boolean skipped, String schemaLocation,
               List<List<ReferenceRules.Ref>> refs, java.util.function.ToIntFunction<String> refLines, String key, ReferenceRules.Target target) {

    static Checked of(Result result) {
        return new Checked(result.document(), result, List.of(), false, null, List.of(), Checked::unknownLine, null, null);
    }

    /** No line: the document's own is used. */
    static int unknownLine(String path) {
        return 0;
    }

    /** The same for the document numbered {@code index} in its source (parts are checked before they are numbered). */
    Checked at(int index) {
        if (index == document.index()) {
            return this;
        }
        return new Checked(document.withIndex(index), result == null ? null : result.withIndex(index),
                findings.stream().map(f -> f.withIndex(index)).toList(), skipped, schemaLocation, refs, refLines, key, target);
    }

    /** What results keep of a document: the fields reports show, not its body (nor its text, through its positions). */
    static Document identity(Document d) {
        com.fasterxml.jackson.databind.JsonNode body = d.body();
        if (body == null) {
            return d.positions() == io.backupgen.yaml.Positions.EMPTY && d.notes().isEmpty() ? d
                    : new Document(d.source(), d.index(), d.line(), null);
        }
        com.fasterxml.jackson.databind.node.ObjectNode id = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        if (body.isObject()) {
            for (String f : List.of("apiVersion", "kind")) {
                if (body.get(f) != null && body.get(f).isValueNode()) {
                    id.set(f, body.get(f));
                }
            }
            com.fasterxml.jackson.databind.JsonNode meta = body.get("metadata");
            if (meta != null && meta.isObject()) {
                com.fasterxml.jackson.databind.node.ObjectNode m = id.putObject("metadata");
                for (String f : List.of("name", "namespace")) {
                    if (meta.get(f) != null && meta.get(f).isValueNode()) {
                        m.set(f, meta.get(f));
                    }
                }
            }
        }
        return new Document(d.source(), d.index(), d.line(), id);
    }
}
