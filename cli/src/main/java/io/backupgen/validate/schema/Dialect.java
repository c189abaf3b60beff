package io.backupgen.validate.schema;

/**
 * Which engine, configured how, {@link CompiledSchema} reproduces: the verdicts and problems differ
 * between the two in what a null field is and in which keywords are known.
 */
public enum Dialect {
    /**
     * networknt's draft 7, as {@code SchemaLayer} configures it for Kubernetes manifests: a field whose
     * value is null is no field at all ({@link Nulls}); no {@code $ref}. Bounds keep networknt's own words
     * (in the default locale).
     */
    KUBERNETES,
    /**
     * networknt's draft 2020-12, as the spec schema ({@code SpecSchema}) was checked with it: null is a
     * value like any other (a key with nothing after the colon is reported, and counts as given for
     * {@code required}); local {@code $ref}s (beside other keywords, which apply too), {@code propertyNames}
     * and {@code uniqueItems} are known. Messages are networknt's English wording ({@link Wording}), so
     * networknt itself never loads.
     */
    DRAFT_2020_12
}
