package io.backupgen.model.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backupgen.schedule.CronSchedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Small helpers the engine modules share. */
public final class EngineSupport {
    /**
     * The year a schedule's longest gap is measured over when a rendered value depends on it (a TTL):
     * fixed, so the same spec renders the same bytes on any day. 2024 is a leap year, so a schedule
     * on the 29th of February still has its gap measured.
     */
    public static final Instant REFERENCE_YEAR = Instant.parse("2024-01-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EngineSupport() {
    }

    /** The longest time between two runs of a five-field schedule in a zone, over {@link #REFERENCE_YEAR}. */
    public static Duration longestGap(String schedule, String timeZone) {
        return CronSchedule.kubernetes(schedule, timeZone).longestGap(REFERENCE_YEAR)
                .map(io.backupgen.schedule.Gap::length)
                .orElseThrow(() -> new IllegalArgumentException("schedule \"" + schedule + "\" never runs"));
    }

    /** A text resource of the jar ({@code /templates/...}). */
    public static String resource(String path) {
        try (InputStream in = EngineSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Java value (record, list, map, string, number) as JSON, for chart values. */
    public static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    /** A small schema of a derived chart value: type and description. */
    public static ObjectNode schema(String type, String description) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        s.put("type", type);
        s.put("description", description);
        return s;
    }

    public static String orDefault(String value, String dflt) {
        return value == null || value.isEmpty() ? dflt : value;
    }
}
