package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.backupgen.document.Document;
import io.backupgen.document.DocumentSet;
import io.backupgen.document.FieldPath;
import io.backupgen.validate.rules.Rule;
import io.backupgen.validate.rules.RuleContext;
import io.backupgen.validate.rules.Rules;
import io.backupgen.validate.rules.ReferenceRules;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.function.Predicate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Validates manifests as the API server would, kubeconform-style, and returns data, never throws
 * for what it finds:
 * <ol>
 *   <li>{@code schema}: the JSON schema of the kind for the Kubernetes version, through the
 *       {@code --schema-location}s and then the built-in schemas (strict unless asked otherwise);
 *       a kind no location knows is an ERROR unless missing schemas are ignored;</li>
 *   <li>the API-server rules of {@link Rules#ALL} that schemas cannot express, offline, and the
 *       references between the set's objects ({@link ReferenceRules#ALL}).</li>
 * </ol>
 * A Validator is thread-safe and caches compiled schemas: build one and reuse it.
 */
public final class Validator {
    public static final String RULE_PARSE = "parse";
    public static final String RULE_DOCUMENT = "document";
    public static final String RULE_SCHEMA = "schema";
    /** No location had a schema for the kind. */
    public static final String RULE_SCHEMA_MISSING = "schema-missing";
    /** A location failed (unreadable, broken schema, download error). */
    public static final String RULE_SCHEMA_ERROR = "schema-error";
    /** What the YAML reader noticed: a duplicate key read last-wins, a key a merge overrides. */
    public static final String RULE_YAML = "yaml";
    /** The kind is on the {@code --reject} list. */
    public static final String RULE_REJECTED = "rejected";

    private final ValidatorOptions options;
    private final SchemaLayer schemas;
    private final RuleContext context;

    /**
     * @throws IllegalArgumentException for a schema location that is not a usable template, or a
     *                                  Kubernetes version the built-in schemas do not carry when no
     *                                  location is given (usage errors)
     */
    public Validator(ValidatorOptions options) {
        this.options = options;
        List<SchemaRegistry> registries = new ArrayList<>();
        boolean builtin = false;
        for (String location : options.schemaLocations()) {
            SchemaRegistry r = SchemaRegistry.of(location, options.cacheDir(), options.httpTimeout());
            builtin |= r == BuiltInSchemas.INSTANCE;
            registries.add(r);
        }
        if (!builtin) {
            registries.add(BuiltInSchemas.INSTANCE);
        }
        if (options.schemaLocations().isEmpty() && BuiltInSchemas.carried(options.kubernetesVersion()).isEmpty()) {
            throw new IllegalArgumentException("no built-in schemas for Kubernetes " + options.kubernetesVersion()
                    + ": backupgen carries " + String.join(", ", BuiltInSchemas.versions())
                    + " (any patch release of those minors works); pick one, or give --schema-location with schemas for "
                    + options.kubernetesVersion());
        }
        this.schemas = new SchemaLayer(registries, options.kubernetesVersion(), options.strict());
        this.context = new RuleContext(options.kubernetesVersion(), options.minor(),
                options.externalRefs() == ValidatorOptions.ExternalRefs.WARN);
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
        List<Result> results = new ArrayList<>(validate(set.documents(), existing).results());
        for (DocumentSet.ParseError e : set.errors()) {
            results.add(parseError(e));
        }
        return new ValidationReport(results, set.sources());
    }

    /** Validates a set of documents; references resolve within this set. */
    public ValidationReport validate(List<Document> documents) {
        return validate(documents, List.of());
    }

    private ValidationReport validate(List<Document> documents, List<Document> existing) {
        List<Checked> checked;
        if (options.parallelism() <= 1 || documents.size() < 2) {
            checked = documents.stream().map(this::check).toList();
        } else {
            ForkJoinPool pool = new ForkJoinPool(options.parallelism());
            try {
                checked = pool.submit(() -> documents.parallelStream().map(this::check).toList()).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("validation interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
        }
        List<Result> results = new ArrayList<>(documents.size());
        Sequencer sequencer = new Sequencer(existing, externalRefsAllowed(), results::add);
        checked.forEach(sequencer::accept);
        sequencer.end();
        List<String> sources = documents.stream().map(Document::source).distinct().toList();
        return new ValidationReport(results, sources);
    }

    /**
     * Receives a streamed validation, in input order: each source as reading reaches it (so a summary
     * counts files that held nothing), then its documents' results.
     */
    public interface Sink {
        void source(String source);

        void result(Result result);
    }

    /**
     * What a streamed validation saw.
     *
     * @param results documents validated, unreadable ones included
     * @param ok      nothing would fail a CI job (as {@link ValidationReport#ok()})
     */
    public record Outcome(long results, boolean ok) {
    }

    /**
     * Reads and validates files, directories and stdin ({@code -}) as a stream, handing each result to
     * {@code sink} in input order: documents are cut from the input in order, parsed and checked on
     * {@link ValidatorOptions#parallelism()} threads, and put back in order; references across the
     * set resolve as {@link Sequencer} says. Memory stays flat as the input grows: the documents in
     * flight (a bounded number) and one small record per result not handed on yet.
     *
     * @throws java.io.UncheckedIOException when a named path does not exist (a usage error)
     */
    public Outcome validate(List<String> paths, InputStream stdin, Predicate<String> ignored, Sink sink) {
        return new Streaming(this, sink).run(paths, stdin, ignored);
    }

    boolean externalRefsAllowed() {
        return options.externalRefs() == ValidatorOptions.ExternalRefs.WARN;
    }

    RuleContext context() {
        return context;
    }

    /** A document that could not be read: an ERROR result naming what could be made out of it. */
    public static Result parseError(DocumentSet.ParseError e) {
        Document d = new Document(e.source(), e.index(), e.line(), null);
        String name = displayName(e.partial());
        return new Result(d, Status.ERROR, List.of(new Finding(e.source(), e.index(), e.line(), name, "", RULE_PARSE,
                Severity.ERROR, e.message())));
    }

    private static String displayName(JsonNode partial) {
        if (partial == null) {
            return new Document("", 0, 0, null).displayName();
        }
        return new Document("", 0, 0, partial).displayName();
    }

    /**
     * Checks one document alone (thread-safe): the schema and every rule of {@link Rules#ALL}, and
     * collects its references for {@link Sequencer} to resolve. Its result is final here when the
     * document is not checked further (not an object, skipped, rejected, no schema).
     */
    Checked check(Document doc) {
        String key = ReferenceRules.key(doc);
        ReferenceRules.Target target = key == null ? null : ReferenceRules.target(doc);
        Document id = Checked.identity(doc);
        List<Finding> findings = new ArrayList<>();
        Findings f = new Findings(doc, findings);
        for (io.backupgen.yaml.YamlError note : doc.notes()) {
            findings.add(new Finding(doc.source(), doc.index(), note.line(), doc.displayName(), "", RULE_YAML,
                    Severity.WARNING, note.message()));
        }
        JsonNode body = doc.body();
        if (body == null || !body.isObject()) {
            f.add("", RULE_DOCUMENT, Severity.ERROR, "a Kubernetes object must be a mapping, got "
                    + (body == null ? "nothing" : SchemaLayer.describe(body)));
            return early(new Result(id, Status.ERROR, findings), key, target);
        }
        for (String field : List.of("apiVersion", "kind")) {
            JsonNode v = body.get(field);
            if (v == null || v.isNull() || !v.isTextual() || v.asText().isBlank()) {
                f.add(field, RULE_DOCUMENT, Severity.ERROR, (v == null || v.isNull() ? "missing '" + field + "'"
                        : "'" + field + "' must be a non-empty string, got " + SchemaLayer.describe(v))
                        + ": not a Kubernetes object");
                return early(new Result(id, Status.ERROR, findings), key, target);
            }
        }
        String kind = doc.kind();
        String apiVersion = doc.apiVersion();
        if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
            // kustomization.yaml sits next to the manifests but is kustomize's input, never sent to
            // the API server: no schema, no API rules.
            return early(new Result(id, Status.SKIPPED, findings), key, target);
        }
        if (matches(options.skipKinds(), kind, apiVersion)) {
            return early(new Result(id, Status.SKIPPED, findings), key, target);
        }
        if (matches(options.rejectKinds(), kind, apiVersion)) {
            f.add("kind", RULE_REJECTED, Severity.ERROR, "prohibited resource kind " + kind + " (--reject)");
            return early(new Result(id, Status.ERROR, findings), key, target);
        }
        SchemaLayer.Lookup lookup = schemas.lookup(kind, apiVersion);
        if (lookup.error() != null) {
            f.add("", RULE_SCHEMA_ERROR, Severity.ERROR, lookup.error());
            return early(new Result(id, Status.ERROR, findings), key, target);
        }
        boolean skipped = false;
        if (lookup.found()) {
            boolean secret = "Secret".equals(kind) && "v1".equals(apiVersion);
            for (SchemaLayer.Violation v : SchemaLayer.validate(lookup.schema(), body, secret)) {
                f.add(FieldPath.of(v.path()), RULE_SCHEMA, Severity.ERROR, v.message());
            }
        } else if (options.ignoreMissingSchemas()) {
            skipped = true;
        } else {
            f.add("", RULE_SCHEMA_MISSING, Severity.ERROR, "could not find schema for " + kind + " (" + apiVersion
                    + ") for Kubernetes " + options.kubernetesVersion() + " in " + String.join(", ", schemas.locations())
                    + "; add a --schema-location that has it, or pass --ignore-missing-schemas to skip such kinds");
            return early(new Result(id, Status.ERROR, findings), key, target);
        }
        for (Rule rule : Rules.ALL) {
            rule.check().run(doc, context, new Rule.Sink() {
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
        List<List<ReferenceRules.Ref>> refs = new ArrayList<>(ReferenceRules.ALL.size());
        for (ReferenceRules.ReferenceRule rule : ReferenceRules.ALL) {
            refs.add(rule.refs().apply(doc));
        }
        // a reference's line is looked up only when it makes a finding, or must wait for its target
        java.util.function.ToIntFunction<String> lines = doc::lineOf;
        return new Checked(id, null, findings, skipped, lookup.location(), refs, lines, key, target);
    }

    private static Checked early(Result result, String key, ReferenceRules.Target target) {
        return new Checked(result.document(), result, List.of(), false, null, List.of(), Checked::unknownLine, key, target);
    }

    /** The result of a checked document once its references are judged ({@code findings} holds all). */
    static Result result(Checked c, List<Finding> findings) {
        dropRepeats(findings);
        boolean anyError = findings.stream().anyMatch(Finding::isError);
        Status status = anyError ? Status.INVALID : c.skipped() ? Status.SKIPPED : Status.VALID;
        return new Result(c.document(), status, findings, c.schemaLocation());
    }

    /** kubeconform's --skip/--reject: a kind ("Deployment") or a group/version/kind ("apps/v1/Deployment"). */
    private static boolean matches(Set<String> kinds, String kind, String apiVersion) {
        return !kinds.isEmpty() && (kinds.contains(kind) || kinds.contains(apiVersion + "/" + kind));
    }

    /**
     * The required-field rule and a schema can say the same thing about the same field; keep the
     * first (the schema's, which ran first).
     */
    private static void dropRepeats(List<Finding> findings) {
        Set<String> seen = new HashSet<>();
        findings.removeIf(x -> !seen.add(x.path() + "\u0000" + x.severity() + "\u0000"
                + x.message().toLowerCase(Locale.ROOT)));
    }

    /** Builds findings for one document, each with the line of its field when the reader knew it. */
    private record Findings(Document doc, List<Finding> out) {
        void add(String path, String rule, Severity severity, String message) {
            out.add(new Finding(doc.source(), doc.index(), doc.lineOf(path), doc.displayName(), path, rule,
                    severity, message));
        }
    }
}
