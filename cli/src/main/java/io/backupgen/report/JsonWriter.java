package io.backupgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.document.FieldPath;
import io.backupgen.validate.Finding;
import io.backupgen.validate.Result;
import io.backupgen.validate.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * kubeconform's JSON, written on flush, so a {@code jq} filter written for kubeconform works:
 * {@code {"resources":[{filename, kind, name, version, status: statusValid|statusInvalid|statusError|statusSkipped,
 * msg, validationErrors: [{path: JSON pointer, msg}]}], "summary": {valid, invalid, errors, skipped}}}.
 * As in kubeconform, valid and skipped documents are listed only with {@code --verbose}, and the
 * summary only with {@code --summary}. backupgen's extras are additional fields: per resource
 * {@code namespace, index, line, schemaLocation, findings: [{path (dotted), pointer, line, rule, severity, message}]},
 * per validation error {@code line, rule}; in the summary {@code resources, files, warnings}.
 */
public final class JsonWriter implements ResultWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintWriter out;
    private final Options options;
    private final Summary summary = new Summary();
    private final ObjectNode root = MAPPER.createObjectNode();
    private final ArrayNode resources = root.putArray("resources");

    public JsonWriter(PrintWriter out, Options options) {
        this.out = out;
        this.options = options;
    }

    @Override
    public void source(String source) {
        summary.sources.add(source);
    }

    @Override
    public void write(Result r) {
        summary.add(r);
        boolean quiet = r.status() == Status.VALID || r.status() == Status.SKIPPED;
        if (quiet && !options.verbose() && r.warnings().isEmpty()) {
            return;
        }
        ObjectNode o = resources.addObject();
        String kind = r.document().kind();
        String name = r.document().name();
        if (r.document().body() == null && !r.findings().isEmpty()) {
            String dn = r.findings().get(0).displayName();
            int slash = dn.indexOf('/');
            kind = dn.startsWith("<") ? "" : dn.substring(0, slash);
            name = dn.substring(slash + 1).startsWith("<") ? "" : dn.substring(slash + 1);
        }
        o.put("filename", r.source());
        o.put("kind", kind);
        o.put("name", name);
        o.put("version", r.document().apiVersion());
        o.put("status", "status" + r.status().name().charAt(0) + r.status().name().substring(1).toLowerCase(Locale.ROOT));
        List<Finding> errors = r.errors();
        o.put("msg", errors.stream().map(f -> (f.path().isEmpty() ? "" : f.path() + ": ") + f.message())
                .collect(Collectors.joining("; ")));
        if (r.status() == Status.INVALID) {
            ArrayNode ve = o.putArray("validationErrors");
            for (Finding f : errors) {
                ve.addObject().put("path", FieldPath.toPointer(f.path())).put("msg", f.message())
                        .put("line", f.line()).put("rule", f.rule());
            }
        }
        o.put("namespace", r.document().namespace());
        o.put("index", r.document().index());
        o.put("line", r.document().line());
        if (r.schemaLocation() != null) {
            o.put("schemaLocation", r.schemaLocation());
        }
        ArrayNode fs = o.putArray("findings");
        for (Finding f : r.findings()) {
            fs.addObject()
                    .put("path", f.path())
                    .put("pointer", FieldPath.toPointer(f.path()))
                    .put("line", f.line())
                    .put("rule", f.rule())
                    .put("severity", f.severity().name().toLowerCase(Locale.ROOT))
                    .put("message", f.message());
        }
    }

    @Override
    public void flush() {
        if (options.summary()) {
            ObjectNode s = root.putObject("summary");
            s.put("valid", summary.valid);
            s.put("invalid", summary.invalid);
            s.put("errors", summary.errors);
            s.put("skipped", summary.skipped);
            s.put("resources", summary.resources);
            s.put("files", summary.sources.size());
            s.put("warnings", summary.warnings);
        }
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
