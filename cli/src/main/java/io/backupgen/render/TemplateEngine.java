package io.backupgen.render;

import io.backupgen.text.SafeText;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Pebble set up for YAML: strict variables (a typo in a template fails the render instead of
 * writing an empty value), templates from the jar's {@code templates/}, and, instead of HTML escaping,
 * a guard on every raw {@code {{ value }}}: it must be single-line text ({@link SafeText}), because a
 * raw value sits in a comment or a plain scalar where a line break would start new YAML. Values that
 * may hold anything go through {@code | q} or {@code | block(n)}, which quote them and are exempt.
 * The spec loader refuses such input first; this guard makes a template that forgets a filter fail
 * closed for any field, including ones added later.
 */
public final class TemplateEngine {
    private static final String SINGLE_LINE = "single-line";
    private static final PebbleEngine ENGINE = build();

    private TemplateEngine() {
    }

    private static PebbleEngine build() {
        ClasspathLoader loader = new ClasspathLoader(TemplateEngine.class.getClassLoader());
        loader.setPrefix("templates");
        return new PebbleEngine.Builder()
                .loader(loader)
                .strictVariables(true)
                .autoEscaping(true)
                .addEscapingStrategy(SINGLE_LINE, TemplateEngine::singleLine)
                .defaultEscapingStrategy(SINGLE_LINE)
                .newLineTrimming(false)
                .cacheActive(true)
                .extension(new YamlExtension())
                .build();
    }

    private static String singleLine(String value) {
        SafeText.problem(value).ifPresent(u -> {
            throw new UnsafeValue("value \"" + SafeText.visible(value) + "\" contains a " + u.describe()
                    + "; a raw {{ }} must be single-line text (use | q or | block(n) for free text)");
        });
        return value;
    }

    /** A raw value that would change the YAML around it; caught and reported with the template's line. */
    static final class UnsafeValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsafeValue(String message) {
            super(message);
        }
    }

    /** Renders {@code template} (a path under templates/) with {@code context}; pure, no I/O beyond the jar. */
    public static String render(String template, Map<String, Object> context) {
        try {
            StringWriter out = new StringWriter();
            ENGINE.getTemplate(template).evaluate(out, context);
            return out.toString();
        } catch (UnsafeValue e) {
            throw new RenderException("template " + template + ": " + e.getMessage(), e);
        } catch (PebbleException e) {
            if (e.getCause() instanceof UnsafeValue u) {
                throw new RenderException("template " + e.getFileName() + ":" + e.getLineNumber() + ": "
                        + u.getMessage(), e);
            }
            throw new RenderException("template " + e.getFileName() + ":" + e.getLineNumber() + ": "
                    + e.getPebbleMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
