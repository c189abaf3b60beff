package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.backupgen.document.Document;
import io.backupgen.document.DocumentSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates manifests in three layers, kubeconform-style, and returns data, never throws for what
 * it finds:
 * <ol>
 *   <li>{@code schema}: strict JSON schema of the Kubernetes version, through the schema locations
 *       (only when some are given);</li>
 *   <li>{@code structure}: the fabric8 typed model, offline, for the kinds it knows;</li>
 *   <li>the API-server rules of {@link Rules#ALL}, offline.</li>
 * </ol>
 * A Validator is thread-safe and caches compiled schemas: build one and reuse it.
 */
public final class Validator {
    public static final String RULE_PARSE = "parse";
    public static final String RULE_DOCUMENT = "document";
    public static final String RULE_SCHEMA = "schema";
    public static final String RULE_STRUCTURE = "structure";
    public static final String RULE_KIND = "kind-unknown";

    private final ValidatorOptions options;
    private final SchemaLayer schemas;

    /**
     * @throws IllegalArgumentException when a schema location is not a usable template (a usage error)
     */
    public Validator(ValidatorOptions options) {
        this.options = options;
        List<SchemaRegistry> registries = new ArrayList<>();
        for (String location : options.schemaLocations()) {
            registries.add(SchemaRegistry.of(location, options.cacheDir(), options.httpTimeout()));
        }
        this.schemas = new SchemaLayer(registries, options.kubernetesVersion());
    }

    public ValidatorOptions options() {
        return options;
    }

    /** Validates what {@link io.backupgen.document.DocumentReader} read, parse errors included. */
    public ValidationReport validate(DocumentSet set) {
        return validate(set, List.of());
    }

    /**
     * As {@link #validate(DocumentSet)}, where references may also resolve to {@code existing}: objects
     * known to exist outside the set (an existing PVC or ServiceAccount the spec names), which are not
     * validated themselves.
     */
    public ValidationReport validate(DocumentSet set, List<Document> existing) {
        List<Result> results = new ArrayList<>(validate(set.documents(), set, existing).results());
        for (DocumentSet.ParseError e : set.errors()) {
            Document d = new Document(e.source(), e.index(), e.line(), null);
            results.add(new Result(d, Status.ERROR, List.of(new Finding(e.source(), e.index(), e.line(),
                    d.displayName(), "", RULE_PARSE, Severity.ERROR, "not valid YAML/JSON: " + e.message()))));
        }
        return new ValidationReport(results, set.sources());
    }

    /** Validates a set of documents; references resolve within this set. */
    public ValidationReport validate(List<Document> documents) {
        return validate(documents, new DocumentSet(documents, List.of(), List.of()), List.of());
    }

    private ValidationReport validate(List<Document> documents, DocumentSet lines, List<Document> existing) {
        List<Document> resolvable = new ArrayList<>(documents);
        resolvable.addAll(existing);
        RuleContext ctx = new RuleContext(options, resolvable);
        List<Result> results = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Document d : documents) {
            if (!sources.contains(d.source())) {
                sources.add(d.source());
            }
            results.add(validate(d, ctx, lines));
        }
        return new ValidationReport(results, sources);
    }

    private Result validate(Document doc, RuleContext ctx, DocumentSet lines) {
        List<Finding> findings = new ArrayList<>();
        Findings f = new Findings(doc, lines, findings);
        JsonNode body = doc.body();
        if (body == null || !body.isObject()) {
            f.add("", RULE_DOCUMENT, Severity.ERROR, "a Kubernetes object must be a mapping, got "
                    + (body == null ? "nothing" : body.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
            return new Result(doc, Status.ERROR, findings);
        }
        String kind = doc.kind();
        String apiVersion = doc.apiVersion();
        if (kind.isEmpty() || apiVersion.isEmpty()) {
            f.add(kind.isEmpty() ? "kind" : "apiVersion", RULE_DOCUMENT, Severity.ERROR,
                    "missing '" + (kind.isEmpty() ? "kind" : "apiVersion") + "': not a Kubernetes object");
            return new Result(doc, Status.ERROR, findings);
        }

        if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
            // kustomization.yaml sits next to the manifests but is kustomize's input, never sent to
            // the API server: no schema, no API rules, not an unknown kind even with --strict-kinds.
            return new Result(doc, Status.SKIPPED, findings);
        }
        List<String> checkedBy = new ArrayList<>();
        if (schemas.enabled()) {
            SchemaLayer.Lookup lookup = schemas.lookup(kind, apiVersion);
            if (lookup.error() != null) {
                f.add("", RULE_SCHEMA, Severity.ERROR, lookup.error());
                return new Result(doc, Status.ERROR, findings);
            }
            Optional<JsonSchema> schema = lookup.schema();
            if (schema.isPresent()) {
                checkedBy.add(RULE_SCHEMA);
                for (SchemaLayer.Violation v : SchemaLayer.validate(schema.get(), body)) {
                    f.add(v.path(), RULE_SCHEMA, Severity.ERROR, v.message());
                }
            }
        }
        // The strict schema is authoritative when found; the typed model stands in for it otherwise,
        // so one unknown field is reported once, not by both layers.
        if (checkedBy.isEmpty() && StructureLayer.knows(apiVersion, kind)) {
            checkedBy.add(RULE_STRUCTURE);
            for (SchemaLayer.Violation v : StructureLayer.check(apiVersion, kind, body)) {
                f.add(v.path(), RULE_STRUCTURE, Severity.ERROR, v.message());
            }
        }
        for (Rule rule : Rules.ALL) {
            rule.check().run(doc, ctx, new Rule.Sink() {
                @Override
                public void error(String path, String message) {
                    f.add(path, rule.id(), Severity.ERROR, message);
                }

                @Override
                public void warning(String path, String message) {
                    f.add(path, rule.id(), Severity.WARNING, message);
                }
            });
        }
        if (checkedBy.isEmpty() && options.strictKinds()) {
            f.add("", RULE_KIND, Severity.ERROR, "no schema found for " + apiVersion + " " + kind
                    + (schemas.enabled() ? " in " + String.join(", ", options.schemaLocations()) : " (no --schema-location given)")
                    + " and no built-in model; --strict-kinds makes this an error");
        }
        dropRepeats(findings);
        boolean anyError = findings.stream().anyMatch(Finding::isError);
        Status status = anyError ? Status.INVALID : checkedBy.isEmpty() ? Status.SKIPPED : Status.VALID;
        return new Result(doc, status, findings, checkedBy);
    }

    /**
     * The required-field rule and a schema can say the same thing about the same field; keep the
     * first (the schema's, which ran first).
     */
    private static void dropRepeats(List<Finding> findings) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        findings.removeIf(x -> !seen.add(x.path() + "\u0000" + x.severity() + "\u0000" + x.message()));
    }

    /** Builds findings for one document, each with the line of its field when the reader knew it. */
    private record Findings(Document doc, DocumentSet lines, List<Finding> out) {
        void add(String path, String rule, Severity severity, String message) {
            out.add(new Finding(doc.source(), doc.index(), lines.lineOf(doc, path), doc.displayName(), path, rule,
                    severity, message));
        }
    }
}
