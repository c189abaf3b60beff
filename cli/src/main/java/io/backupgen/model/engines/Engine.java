package io.backupgen.model.engines;

import io.backupgen.model.BackupModel;
import io.backupgen.spec.Spec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A backup engine beyond the logical dumps, as one module: it builds its part of the model from its
 * spec section, and names its chart files and chart values. {@link Engines} lists them; renderers,
 * the chart and {@code plan} go through that list and know no engine by name.
 */
public interface Engine {
    /** Key of its part in {@code BackupModel.engines()} (templates: {@code m.engines.<name>}). */
    String name();

    /**
     * Its part of the model, or empty when the spec leaves it off.
     *
     * @param core      the model without engines (names, labels, namespace, database)
     * @param suspendAll the environment suspends every schedule
     */
    Optional<EnginePart> build(Spec spec, BackupModel core, boolean suspendAll);

    /** Chart template files: path under the chart's {@code templates/}, and where they come from. */
    List<ChartFile> chartFiles();

    /** The chart values it adds, each with its schema; in values.yaml order. */
    List<ChartValue> chartValues();

    /**
     * The values for a spec, by dotted path (the same paths as {@link #chartValues()}): the spec's
     * settings as the model resolves them, also when the engine is off, so turning it on is one value.
     */
    Map<String, com.fasterxml.jackson.databind.JsonNode> chartValues(Spec spec, BackupModel model);

    /**
     * A chart template file.
     *
     * @param path     under the chart's {@code templates/}
     * @param resource under the jar's {@code templates/}
     * @param pebble   rendered by Pebble with {@code m} (a file that embeds model text, such as a script);
     *                 otherwise copied verbatim
     */
    record ChartFile(String path, String resource, boolean pebble) {
    }

    /**
     * One chart value.
     *
     * @param path   its dotted path, the same as the spec field's when it is one
     * @param schema its own schema when it is no spec field (a derived value); null: the spec field's
     *               type, constraints and description
     */
    record ChartValue(String path, com.fasterxml.jackson.databind.node.ObjectNode schema) {
        public static ChartValue spec(String path) {
            return new ChartValue(path, null);
        }
    }
}
