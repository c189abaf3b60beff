package io.backupgen.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.backupgen.validate.schema.Nulls;
import io.backupgen.validate.schema.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * networknt's draft-7 validator, for the schemas {@link io.backupgen.validate.schema.CompiledSchema}
 * does not implement (a user's schema with {@code $ref}, {@code allOf}...): its messages become the
 * same {@link Problem}s, so both engines' failures read alike. Its factory is built on first use.
 */
final class NetworkntSchema implements SchemaLayer.Engine {
    private static final class Factory {
        static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(false)
                .build();
    }

    private final JsonSchema schema;

    /** @throws RuntimeException when networknt finds the schema unusable */
    NetworkntSchema(ObjectNode prepared) {
        this(prepared, true);
    }

    /**
     * @param eager compile every subschema now, as validation on many threads needs; a single-threaded
     *              caller (a test comparing engines) may let networknt compile what it visits
     */
    NetworkntSchema(ObjectNode prepared, boolean eager) {
        this.schema = Factory.FACTORY.getSchema(prepared, Factory.CONFIG);
        if (eager) {
            schema.initializeValidators();
        }
    }

    @Override
    public List<Problem> problems(JsonNode body) {
        Set<ValidationMessage> messages = schema.validate(Nulls.withoutNullFields(body));
        List<Problem> out = new ArrayList<>(messages.size());
        for (ValidationMessage m : messages) {
            JsonNodePath p = m.getInstanceLocation();
            List<Object> elements = new ArrayList<>(p.getNameCount());
            for (int i = 0; i < p.getNameCount(); i++) {
                elements.add(p.getElement(i));
            }
            out.add(new Problem(p.toString(), elements, m.getType() == null ? "" : m.getType(), m.getProperty(),
                    m.getInstanceNode(), m.getSchemaNode(), m.getError() != null ? m.getError() : m.getMessage()));
        }
        return out;
    }
}
