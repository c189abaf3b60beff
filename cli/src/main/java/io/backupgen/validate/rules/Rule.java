package io.backupgen.validate.rules;

import io.backupgen.document.Document;

/**
 * An API-server rule the schemas do not carry: a tiny function with an id, registered in
 * {@link Rules#ALL}. It reports through a {@link Sink} that already knows the rule id and the document.
 */
public record Rule(String id, Check check) {

    @FunctionalInterface
    public interface Check {
        void run(Document doc, RuleContext ctx, Sink sink);
    }

    /** Collects a rule's findings for one document. */
    public interface Sink {
        void error(String path, String message);

        void warning(String path, String message);
    }
}
