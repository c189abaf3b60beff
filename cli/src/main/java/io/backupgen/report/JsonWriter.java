package io.backupgen.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.validate.Finding;
import io.backupgen.validate.Result;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One JSON object written on flush:
 * {@code {"resources":[{source,index,line,kind,name,apiVersion,status,checkedBy:[schema|structure],findings:[{line,path,rule,severity,message}]}],
 * "summary":{resources,files,valid,invalid,errors,skipped,warnings}}}. Status and severity are lower case.
 */
public final class JsonWriter implements ResultWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintWriter out;
    private final Summary summary = new Summary();
    private final ObjectNode root = MAPPER.createObjectNode();
    private final ArrayNode resources = root.putArray("resources");

    public JsonWriter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void source(String source) {
        summary.sources.add(source);
    }

    @Override
    public void write(Result r) {
        summary.add(r);
        ObjectNode o = resources.addObject();
        o.put("source", r.source());
        o.put("index", r.document().index());
        o.put("line", r.document().line());
        o.put("kind", r.document().kind());
        o.put("name", r.document().name());
        o.put("apiVersion", r.document().apiVersion());
        o.put("status", r.status().name().toLowerCase(Locale.ROOT));
        r.checkedBy().forEach(o.putArray("checkedBy")::add);
        ArrayNode fs = o.putArray("findings");
        for (Finding f : r.findings()) {
            ObjectNode fo = fs.addObject();
            fo.put("line", f.line());
            fo.put("path", f.path());
            fo.put("rule", f.rule());
            fo.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
            fo.put("message", f.message());
        }
    }

    @Override
    public void flush() {
        ObjectNode s = root.putObject("summary");
        s.put("resources", summary.resources);
        s.put("files", summary.sources.size());
        s.put("valid", summary.valid);
        s.put("invalid", summary.invalid);
        s.put("errors", summary.errors);
        s.put("skipped", summary.skipped);
        s.put("warnings", summary.warnings);
        try {
            out.println(MAPPER.writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
