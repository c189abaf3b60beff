package io.backupgen.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Pebble set up for YAML: strict variables (a typo in a template fails the render instead of
 * writing an empty value), no HTML escaping, templates from the jar's {@code templates/}.
 */
public final class TemplateEngine {
    private static final PebbleEngine ENGINE = build();

    private TemplateEngine() {
    }

    private static PebbleEngine build() {
        ClasspathLoader loader = new ClasspathLoader(TemplateEngine.class.getClassLoader());
        loader.setPrefix("templates");
        return new PebbleEngine.Builder()
                .loader(loader)
                .strictVariables(true)
                .autoEscaping(false)
                .newLineTrimming(false)
                .cacheActive(true)
                .extension(new YamlExtension())
                .build();
    }

    /** Renders {@code template} (a path under templates/) with {@code context}; pure, no I/O beyond the jar. */
    public static String render(String template, Map<String, Object> context) {
        try {
            StringWriter out = new StringWriter();
            ENGINE.getTemplate(template).evaluate(out, context);
            return out.toString();
        } catch (PebbleException e) {
            throw new RenderException("template " + e.getFileName() + ":" + e.getLineNumber() + ": "
                    + e.getPebbleMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
