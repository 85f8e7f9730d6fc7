package dev.ltocheck.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** Validates ltocheck's JSON against the schemas it documents. */
public final class JsonSchemas {
    private JsonSchemas() {
    }

    public static Set<ValidationMessage> validate(String schemaName, JsonNode json) {
        try (InputStream text = JsonSchemas.class.getResourceAsStream("/dev/ltocheck/schema/" + schemaName)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
            return schema.validate(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
