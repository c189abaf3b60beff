package io.backupgen.spec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SortedMap;

/**
 * A spec that loaded cleanly: the layered values, bound, plus what later stages need to know about
 * where it came from.
 *
 * @param file         the spec file's name as given (for headers and messages)
 * @param spec         defaults, profile and the user's file, layered and bound
 * @param layered      the same, as a tree (what environments are layered over)
 * @param environments environment name to its own resolved spec, sorted by name
 */
public record LoadedSpec(String file, Spec spec, ObjectNode layered, SortedMap<String, Environment> environments) {

    /** An environment: its own spec plus the overlay-only settings. */
    public record Environment(String name, String profile, String namespace, boolean suspend, Spec spec) {
    }

    public List<String> environmentNames() {
        return List.copyOf(environments.keySet());
    }
}
