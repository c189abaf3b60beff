package io.backupgen.spec;

import io.backupgen.yaml.YamlDocument;
import io.backupgen.yaml.YamlError;
import io.backupgen.yaml.YamlLimits;
import io.backupgen.yaml.YamlReader;
import java.util.List;

/**
 * Spec and profile files through backupgen's one YAML reader ({@link YamlReader}): aliases and merge
 * keys resolved as YAML defines them (as kubectl reads them), duplicate keys refused, every field
 * positioned, and limits sized for a spec. A spec is one document: a second one after {@code ---}
 * is an error, never silently ignored.
 */
final class SpecYaml {
    /** A spec value is a name, a schedule, a size: 64 KiB is far beyond any real one. */
    static final int MAX_SCALAR_CHARS = 64 * 1024;
    private static final YamlReader READER = new YamlReader(new YamlLimits(SpecFiles.MAX_BYTES, SpecFiles.MAX_BYTES,
            MAX_SCALAR_CHARS, 64));

    private SpecYaml() {
    }

    /** The file as a layer, or null with the reasons added to {@code problems}. */
    static Layer read(String file, String text, boolean builtIn, List<Diagnostic> problems) {
        List<YamlDocument> docs = READER.parse(file, text);
        if (docs.isEmpty()) {
            problems.add(new Diagnostic(file, 1, 1, "", "the file is empty", "",
                    "start from 'backupgen init' or samples/minimal.yaml"));
            return null;
        }
        YamlDocument doc = docs.get(0);
        if (!doc.ok()) {
            boolean duplicate = doc.error().kind() == YamlError.Kind.DUPLICATE_KEY;
            problems.add(new Diagnostic(file, doc.error().line(), doc.error().column(), "",
                    (duplicate ? "duplicate key: " : "not valid YAML: ") + doc.error().message(), "", ""));
            return null;
        }
        if (docs.size() > 1) {
            problems.add(new Diagnostic(file, docs.get(1).line(), 1, "", "a second YAML document starts here; a spec"
                    + " is one document", "one document", "remove the '---' and what follows, or put it in a spec"
                    + " file of its own"));
            return null;
        }
        if (!doc.body().isObject()) {
            problems.add(new Diagnostic(file, doc.line(), 1, "", "expected a mapping at the top level", "",
                    "start from 'backupgen init' or samples/minimal.yaml"));
            return null;
        }
        return new Layer(file, doc.body(), doc.positions(), builtIn, text);
    }
}
