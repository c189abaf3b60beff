package io.backupgen.validate.rules;

import io.backupgen.document.Document;
import java.util.regex.Pattern;

/** Environment variable names, by Kubernetes version. */
final class EnvRules {
    private static final Pattern ENV_NAME_STRICT = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final Pattern ENV_NAME_RELAXED = Pattern.compile("[\\x20-\\x3C\\x3E-\\x7E]+");
    /** RelaxedEnvironmentVariableValidation is on by default from 1.32 (beta) and GA in 1.34. */
    static final int RELAXED_ENV_MINOR = 32;

    private EnvRules() {
    }

    static void names(Document doc, RuleContext ctx, Rule.Sink sink) {
        boolean relaxed = ctx.minor() >= RELAXED_ENV_MINOR;
        for (PodSpec pod : PodSpec.of(doc)) {
            pod.containers().forEach((cpath, c) -> Nodes.forEach(c.path("env"), cpath + ".env", (path, e) -> {
                String name = Nodes.text(e.get("name"));
                if (name == null || name.isEmpty() || isShellName(name)) {
                    return; // a shell name is valid on every version (and the regexes below showed in the profile)
                }
                if (relaxed ? !ENV_NAME_RELAXED.matcher(name).matches() : !ENV_NAME_STRICT.matcher(name).matches()) {
                    sink.error(path + ".name", "\"" + name + "\" is not a valid environment variable name: "
                            + (relaxed ? "printable ASCII characters other than '='"
                            : "letters, digits, '_', '-' or '.', not starting with a digit (Kubernetes "
                            + ctx.kubernetesVersion() + ")"));
                } else {
                    sink.warning(path + ".name", "\"" + name + "\" is accepted by Kubernetes but cannot be used from a shell script");
                }
            }));
        }
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}: what a shell script can use, and valid under both of the API server's rules. */
    static boolean isShellName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
