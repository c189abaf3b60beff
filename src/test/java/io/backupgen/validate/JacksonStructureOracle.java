package io.backupgen.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.backupgen.document.FieldPath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A second, independent structural check used only by tests: deserializes the document with
 * Jackson into the fabric8 class (any-setter removed, coercions the API server refuses turned off)
 * and collects Jackson's problems. It is too slow for the product (building the CronJob
 * deserializer graph costs seconds on a cold JVM) but it is what fabric8 itself would accept, so
 * {@link StructureLayerAgreementTest} checks the product's {@link StructureLayer} against it.
 */
final class JacksonStructureOracle {
    /** The same kinds as the product's layer, so a kind added there is covered here too. */
    private static final Map<String, Class<?>> TYPES = StructureLayer.TYPES;

    private static final ObjectMapper MAPPER = strictMapper();

    private JacksonStructureOracle() {
    }

    static boolean knows(String apiVersion, String kind) {
        return TYPES.containsKey(apiVersion + "/" + kind);
    }

    /** Problems found, empty when the document fits its type (or the type is not known here). */
    static List<SchemaLayer.Violation> check(String apiVersion, String kind, JsonNode body) {
        Class<?> type = TYPES.get(apiVersion + "/" + kind);
        if (type == null) {
            return List.of();
        }
        List<SchemaLayer.Violation> found = new ArrayList<>();
        try (JsonParser p = MAPPER.treeAsTokens(body)) {
            MAPPER.readerFor(type)
                    .withAttribute(Collector.class, new Collector(found))
                    .readValue(p);
        } catch (JsonMappingException e) {
            List<Object> elements = new ArrayList<>();
            for (JsonMappingException.Reference r : e.getPath()) {
                elements.add(r.getFieldName() != null ? r.getFieldName() : r.getIndex());
            }
            found.add(new SchemaLayer.Violation(FieldPath.of(elements), typeMessage(e)));
        } catch (IOException | RuntimeException e) {
            // A custom deserializer of the model refusing a value: still a finding about this document.
            found.add(new SchemaLayer.Violation("", "cannot read as " + apiVersion + " " + kind + ": " + e.getMessage()));
        }
        return found;
    }

    /** "wrong type: expected a string, got 5432" rather than Jackson's Java-speak. */
    private static String typeMessage(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && f.getTargetType() != null) {
            Object v = f.getValue();
            return "wrong type: expected " + describe(f.getTargetType()) + ", got "
                    + (v instanceof String ? "\"" + v + "\"" : String.valueOf(v));
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi && mi.getTargetType() != null) {
            return "wrong type: expected " + describe(mi.getTargetType());
        }
        String m = e.getOriginalMessage();
        int nl = m.indexOf('\n');
        return "wrong type: " + (nl > 0 ? m.substring(0, nl) : m);
    }

    /** Where a handler is: the path of the parser's current position. */
    static String path(JsonParser p) {
        List<Object> elements = new ArrayList<>();
        JsonStreamContext start = p.getParsingContext();
        if (p.currentToken() != null && p.currentToken().isStructStart() && start != null) {
            start = start.getParent(); // at '[' or '{' the context is already the new container's
        }
        for (JsonStreamContext c = start; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                elements.add(Math.max(0, c.getCurrentIndex()));
            } else if (c.getCurrentName() != null) {
                elements.add(c.getCurrentName());
            }
        }
        Collections.reverse(elements);
        return FieldPath.of(elements);
    }

    private record Collector(List<SchemaLayer.Violation> found) {
    }

    private static ObjectMapper strictMapper() {
        SimpleModule noAnySetter = new SimpleModule("backupgen-strict-fabric8");
        noAnySetter.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription desc,
                                                         BeanDeserializerBuilder builder) {
                if (desc.getBeanClass().getName().startsWith("io.fabric8.")) {
                    builder.setAnySetter(null);
                    builder.setIgnoreUnknownProperties(false);
                }
                return builder;
            }
        });
        JsonMapper mapper = JsonMapper.builder()
                .addModule(noAnySetter)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .addHandler(new DeserializationProblemHandler() {
                    @Override
                    public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                                         JsonDeserializer<?> deserializer, Object bean,
                                                         String propertyName) throws IOException {
                        Collector c = (Collector) ctxt.getAttribute(Collector.class);
                        if (c == null) {
                            return false;
                        }
                        String at = path(p);
                        if (!at.endsWith(propertyName) && !at.endsWith("\"" + propertyName + "\"]")) {
                            at = FieldPath.field(at, propertyName);
                        }
                        c.found().add(new SchemaLayer.Violation(at, "unknown field \"" + propertyName + "\""));
                        p.skipChildren();
                        return true;
                    }

                    @Override
                    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t,
                                                        JsonParser p, String failureMsg) throws IOException {
                        Collector c = (Collector) ctxt.getAttribute(Collector.class);
                        if (c == null) {
                            return NOT_HANDLED;
                        }
                        c.found().add(new SchemaLayer.Violation(path(p), "wrong type: expected "
                                + describe(targetType) + ", got " + describe(t)));
                        p.skipChildren();
                        return null;
                    }
                })
                .build();
        for (LogicalType textual : List.of(LogicalType.Textual)) {
            mapper.coercionConfigFor(textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    private static String describe(JavaType type) {
        return describe(type.getRawClass());
    }

    private static String describe(Class<?> c) {
        if (c == Boolean.class || c == boolean.class) {
            return "a boolean";
        }
        if (java.util.Collection.class.isAssignableFrom(c)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(c) || c.getName().startsWith("io.fabric8.")) {
            return "an object";
        }
        if (c == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(c) || c.isPrimitive()) {
            return c == Integer.class || c == Long.class || c == int.class || c == long.class ? "an integer" : "a number";
        }
        return c.getSimpleName();
    }

    private static String describe(JsonToken t) {
        return switch (Optional.ofNullable(t).orElse(JsonToken.NOT_AVAILABLE)) {
            case START_ARRAY -> "a list";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> String.valueOf(t);
        };
    }
}
