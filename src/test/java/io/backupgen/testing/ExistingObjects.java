package io.backupgen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupgen.spec.LoadedSpec;
import io.backupgen.spec.Spec;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects a spec says exist in the cluster and are therefore not rendered (storage.existingClaim, a
 * ServiceAccount with create: false). {@code backupgen validate} on a built tree cannot know them: a
 * test validating such a tree passes {@code --allow-external-refs} and checks that exactly these, and
 * nothing else, are reported as external.
 */
public final class ExistingObjects {
    private ExistingObjects() {
    }

    /** "PersistentVolumeClaim \"x\"", "ServiceAccount \"y\"": how the validator names them. */
    public static List<String> of(Spec spec) {
        List<String> out = new ArrayList<>();
        if (spec.storage().existingClaim() != null && !spec.storage().existingClaim().isEmpty()) {
            out.add("PersistentVolumeClaim \"" + spec.storage().existingClaim() + "\"");
        }
        if (spec.serviceAccount() != null && !spec.serviceAccount().create()) {
            out.add("ServiceAccount \"" + spec.serviceAccount().name() + "\"");
        }
        return out;
    }

    public static List<String> of(LoadedSpec loaded, String environment) {
        return of(environment == null ? loaded.spec() : loaded.environments().get(environment).spec());
    }

    /** {@code --allow-external-refs} when the spec names existing objects, else nothing. */
    public static List<String> validateArgs(List<String> existing) {
        return existing.isEmpty() ? List.of() : List.of("--allow-external-refs");
    }

    /** Every external-reference warning in a validate report names one of {@code existing}. */
    public static void assertOnlyTheseAreExternal(String report, List<String> existing) {
        for (String line : report.split("\n")) {
            if (line.contains("is not defined in the validated set")) {
                assertThat(existing).as("external reference in: %s", line).anyMatch(line::contains);
            }
        }
        if (!existing.isEmpty()) {
            assertThat(report).as("the existing objects are referenced").contains(existing.get(0));
        }
    }
}
