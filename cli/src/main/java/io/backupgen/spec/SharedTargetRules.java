package io.backupgen.spec;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Rules across environments: two environments never write their backups to the same place. Each
 * environment's spec is checked on its own elsewhere; only here are they compared, because the
 * classic accident is a staging overlay that inherits production's bucket: staging's WAL lands in
 * production's archive (CloudNativePG then refuses to archive into a non-empty archive, and WAL
 * piles up on staging's disk), and a recovery of one would read the other's backups.
 */
final class SharedTargetRules {
    private SharedTargetRules() {
    }

    /**
     * A place one environment writes backups to.
     *
     * @param fields          the fields that choose it, for the message
     * @param allowed         what each environment needs instead
     * @param suggestionValue {@code <environment>} stands for the environment's name
     */
    record Target(String what, String location, String fields, String allowed, String suggestionField,
                  String suggestionValue) {
    }

    static List<Diagnostic> check(SortedMap<String, LoadedSpec.Environment> environments, Layer user) {
        List<Diagnostic> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (LoadedSpec.Environment env : environments.values()) {
            for (Target t : targets(env.spec())) {
                String key = t.what() + " " + t.location();
                String first = seen.putIfAbsent(key, env.name());
                if (first != null) {
                    out.add(user.diagnostic(JsonPointer.compile("/environments/" + env.name()),
                            "environments '" + first + "' and '" + env.name() + "' both write " + t.what() + " to "
                                    + t.location() + " (" + t.fields() + "): a recovery of one would read the other's"
                                    + " backups",
                            t.allowed(),
                            "set environments." + env.name() + "." + t.suggestionField() + ": "
                                    + t.suggestionValue().replace("<environment>", env.name())));
                }
            }
        }
        return out;
    }

    /** Where this environment's spec writes backups outside its own namespace. */
    static List<Target> targets(Spec spec) {
        List<Target> out = new ArrayList<>();
        CnpgSpec c = spec.database().cnpg();
        if (c != null && c.enabled() && c.objectStore().destinationPath() != null
                && !c.objectStore().destinationPath().isEmpty()) {
            String server = c.objectStore().serverName() == null || c.objectStore().serverName().isEmpty()
                    ? c.cluster() : c.objectStore().serverName();
            String path = c.objectStore().destinationPath().replaceAll("/+$", "");
            out.add(new Target("CloudNativePG's WAL archive and base backups", path + "/" + server,
                    "database.cnpg.objectStore.destinationPath and serverName, which defaults to the cluster's name",
                    "a destinationPath or serverName of its own per environment",
                    "database.cnpg.objectStore.destinationPath", path + "-<environment>"));
        }
        OffsiteSpec o = spec.offsite();
        if (o != null && o.enabled() && o.bucket() != null && !o.bucket().isEmpty()) {
            String prefix = o.prefix() == null ? "" : o.prefix();
            String endpoint = o.endpoint() == null || o.endpoint().isEmpty() ? "AWS S3" : o.endpoint();
            // A prefix inside another's would share its listing, and so its retention: compare folders.
            out.add(new Target("off-site copies", "s3://" + o.bucket() + "/" + prefix + (prefix.isEmpty() ? "" : "/")
                    + " at " + endpoint, "offsite.bucket and offsite.prefix",
                    "an offsite.prefix (or bucket) of its own per environment", "offsite.prefix",
                    (prefix.isEmpty() ? "" : prefix + "-") + "<environment>"));
        }
        return out;
    }
}
