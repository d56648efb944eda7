package dev.modelgate.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationModule;
import com.github.victools.jsonschema.module.jakarta.validation.JakartaValidationOption;
import dev.modelgate.policy.model.Policy;

import java.time.LocalDate;

/**
 * Generates the JSON Schema of the policy language from the policy records, so that editors
 * (VS Code YAML, IntelliJ) validate and complete policy files with the same grammar the loader uses.
 */
public final class PolicySchema {

    public static final String ID = "https://modelgate.dev/schema/modelgate-policy.schema.json";

    private PolicySchema() {
    }

    public static String generate() {
        SchemaGeneratorConfigBuilder config = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
                        JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(new JakartaValidationModule(JakartaValidationOption.INCLUDE_PATTERN_EXPRESSIONS,
                        JakartaValidationOption.NOT_NULLABLE_FIELD_IS_REQUIRED))
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES,
                        Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.PLAIN_DEFINITION_KEYS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forTypesInGeneral().withStringFormatResolver(scope ->
                scope.getType().getErasedType() == LocalDate.class ? "date" : null);
        config.forTypesInGeneral().withCustomDefinitionProvider((type, context) ->
                type.getErasedType() == LocalDate.class
                        ? new com.github.victools.jsonschema.generator.CustomDefinition(
                        context.getGeneratorConfig().createObjectNode().put("type", "string").put("format", "date"))
                        : null);
        ObjectNode schema = new SchemaGenerator(config.build()).generateSchema(Policy.class);
        ObjectNode root = schema.objectNode()
                .put("$schema", SchemaVersion.DRAFT_2020_12.getIdentifier())
                .put("$id", ID)
                .put("title", "Modelgate policy")
                .put("description", "A Modelgate policy file. Several files compose into one policy; see the README.");
        root.setAll(schema);
        return pretty(root);
    }

    private static String pretty(JsonNode node) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot write schema", e);
        }
    }
}
