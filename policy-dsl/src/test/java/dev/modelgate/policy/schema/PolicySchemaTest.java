package dev.modelgate.policy.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PolicySchemaTest {

    private static final Path COMMITTED = Path.of("schema", "modelgate-policy.schema.json");

    /**
     * Editors validate policy files with the committed schema, so it must match the records.
     * Regenerate with: ./mvnw -pl policy-dsl test -Dtest=PolicySchemaTest -Dmodelgate.schema.update=true
     */
    @Test
    void committedSchemaMatchesTheModel() throws Exception {
        String generated = PolicySchema.generate();
        if (Boolean.getBoolean("modelgate.schema.update")) {
            Files.createDirectories(COMMITTED.getParent());
            Files.writeString(COMMITTED, generated);
        }
        assertThat(COMMITTED).as("schema file").exists();
        assertThat(Files.readString(COMMITTED))
                .as("policy-dsl/schema/modelgate-policy.schema.json is stale; regenerate it with "
                        + "./mvnw -pl policy-dsl test -Dtest=PolicySchemaTest -Dmodelgate.schema.update=true")
                .isEqualTo(generated);
    }

    @Test
    void schemaDescribesTheGrammar() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(PolicySchema.generate());

        JsonNode provider = resolve(schema, resolve(schema, schema.at("/properties/providers")).get("additionalProperties"));
        assertThat(resolve(schema, provider.at("/properties/type")).get("enum")).extracting(JsonNode::asText)
                .containsExactly("openai", "azure-openai", "anthropic", "gemini", "openai-compatible", "simulated");
        assertThat(provider.at("/properties/base_url/pattern").asText()).isEqualTo("https?://\\S+");
        assertThat(provider.get("additionalProperties").asBoolean(true)).as("unknown keys are flagged").isFalse();
        JsonNode candidate = schema.at("/$defs/Candidate");
        assertThat(candidate.get("required")).extracting(JsonNode::asText).contains("provider", "model");
        JsonNode price = schema.at("/$defs/Price");
        assertThat(resolve(schema, price.at("/properties/effective_from")).get("format").asText()).isEqualTo("date");
        assertThat(price.at("/properties/input_per_mtok/minimum").asInt()).isZero();
        assertThat(schema.get("required")).extracting(JsonNode::asText).contains("version");
    }

    /** Follows a local "$ref" (the generator puts every object type under $defs). */
    private static JsonNode resolve(JsonNode schema, JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : schema.at(ref.asText().substring(1));
    }
}
