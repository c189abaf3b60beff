package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.document.Document;
import io.backupgen.document.DocumentReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The product-like fixture tree, and copies of it with one thing broken. */
final class Fixtures {
    static final Path GOOD = Path.of("src/test/resources/validate/good");
    static final String DAILY = "CronJob/acme-shop-backup-daily";
    static final String POD = "spec.jobTemplate.spec.template.spec";
    static final String CONTAINER = POD + ".containers[0]";

    private Fixtures() {
    }

    /** Fresh (deep-copied) documents of the good tree. */
    static List<Document> good() {
        List<Document> out = new ArrayList<>();
        for (Document d : DocumentReader.read(List.of(GOOD.toString()), System.in).documents()) {
            out.add(new Document(d.source(), d.index(), d.line(), d.body().deepCopy()));
        }
        return out;
    }

    /** The good tree with the document named {@code displayName} changed by {@code edit}. */
    static List<Document> withEdit(String displayName, Consumer<ObjectNode> edit) {
        List<Document> docs = good();
        Document target = docs.stream().filter(d -> d.displayName().equals(displayName)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + displayName + " in fixture"));
        edit.accept((ObjectNode) target.body());
        return docs;
    }

    /** Navigates a dotted path with [i] indexes to an object node. */
    static ObjectNode at(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            String field = part.replaceAll("\\[\\d+]$", "");
            n = n.path(field);
            if (part.endsWith("]")) {
                n = n.path(Integer.parseInt(part.replaceAll(".*\\[(\\d+)]$", "$1")));
            }
        }
        if (!(n instanceof ObjectNode o)) {
            throw new AssertionError("no object at " + path);
        }
        return o;
    }
}
