package io.backupgen.validate.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.FieldPath;
import java.util.Iterator;
import java.util.Map;

/** Small helpers the rule families share. */
final class Nodes {
    private Nodes() {
    }

    @FunctionalInterface
    interface ElementVisitor {
        void visit(String path, JsonNode element);
    }

    /** Visits the object elements of an array, with their paths. */
    static void forEach(JsonNode array, String path, ElementVisitor v) {
        if (array == null || !array.isArray()) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.get(i).isObject()) {
                v.visit(FieldPath.index(path, i), array.get(i));
            }
        }
    }

    @FunctionalInterface
    interface FieldVisitor {
        void visit(Trail path, String field, JsonNode node, String parentField);
    }

    /**
     * Where a {@link #walk} is, as the field path of the node it visits ({@link #path()}), built only
     * when asked: a rule asks for the few nodes it reports on, never for the rest.
     */
    static final class Trail {
        private final String root;
        private final java.util.ArrayList<Object> steps = new java.util.ArrayList<>();

        private Trail(String root) {
            this.root = root;
        }

        String path() {
            String p = root;
            for (Object step : steps) {
                p = step instanceof Integer i ? FieldPath.index(p, i) : FieldPath.field(p, (String) step);
            }
            return p;
        }
    }

    /**
     * Visits every field in the tree whose value is an object or a list, with its path and the name of
     * the field holding its object. Scalar fields are not visited, and paths are built only when the
     * visitor asks: building a path for every field of every validated document was most of this
     * walk's cost.
     */
    static void walk(JsonNode node, String path, String field, FieldVisitor v) {
        walk(node, new Trail(path), field, v);
    }

    private static void walk(JsonNode node, Trail trail, String field, FieldVisitor v) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isContainerNode()) {
                    continue;
                }
                trail.steps.add(e.getKey());
                v.visit(trail, e.getKey(), e.getValue(), field);
                walk(e.getValue(), trail, e.getKey(), v);
                trail.steps.remove(trail.steps.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isContainerNode()) {
                    trail.steps.add(i);
                    walk(node.get(i), trail, field, v);
                    trail.steps.remove(trail.steps.size() - 1);
                }
            }
        }
    }

    /** A scalar's text; null for a missing, null, object or array node. */
    static String text(JsonNode n) {
        return n == null || n.isNull() || !n.isValueNode() ? null : n.asText();
    }

    static String kindOf(JsonNode v) {
        return v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : v.isNull() ? "null" : v.isObject() ? "an object"
                : v.isArray() ? "a list" : "a string";
    }

    /**
     * A kind Kubernetes itself serves (core, {@code apps}, {@code batch}, {@code *.k8s.io}), as opposed
     * to a custom resource, whose fields are the CRD author's and whose rules the server does not apply.
     */
    static boolean builtIn(Document doc) {
        String av = doc.apiVersion();
        int slash = av.indexOf('/');
        if (slash < 0) {
            return true;
        }
        String group = av.substring(0, slash);
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    static boolean isBatch(Document doc) {
        return doc.apiVersion().startsWith("batch/");
    }
}
