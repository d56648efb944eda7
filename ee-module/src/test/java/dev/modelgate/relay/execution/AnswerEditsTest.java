package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnswerEditsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String edited(String answer, String expected, String id) throws IOException {
        AnswerEdits edits = AnswerEdits.read(JSON, bytes(answer), expected);
        return new String(edits.write(JSON, id, "mock", new BigDecimal("0.000005"), null), StandardCharsets.UTF_8);
    }

    @Test
    void chatAnswerGetsTheGenerationIdTheProviderAndTheCostAndKeepsEverythingElseByteForByte() throws IOException {
        String answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"h\\u00e9 \\\"quoted\\\" ü 🙂\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":5,\"total_tokens\":14},\"system_fingerprint\":\"fp\"}";
        String out = edited(answer, "choices", "gen-abc");
        assertThat(out).isEqualTo("{\"id\":\"gen-abc\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"h\\u00e9 \\\"quoted\\\" ü 🙂\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":5,\"total_tokens\":14,\"cost\":0.000005},"
                + "\"system_fingerprint\":\"fp\",\"provider\":\"mock\"}");
    }

    @Test
    void usageIsReadForMeteringAndAnExistingCostAndProviderAreReplacedNotRepeated() throws IOException {
        String answer = " { \"provider\" : \"upstream\", \"choices\" : [ ], \"usage\" : {\"prompt_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":2},\"cost\":9.99} } ";
        AnswerEdits edits = AnswerEdits.read(JSON, bytes(answer), "choices");
        assertThat(edits.usage().path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(2);
        JsonNode out = JSON.readTree(edits.write(JSON, "gen-1", "mock", new BigDecimal("0.000005"), null));
        assertThat(out.path("provider").asText()).isEqualTo("mock");
        assertThat(out.path("usage").path("cost").decimalValue()).isEqualByComparingTo("0.000005");
        assertThat(out.path("id").asText()).isEqualTo("gen-1"); // added where the provider sent none
        assertThat(out.toString()).containsOnlyOnce("\"provider\"").containsOnlyOnce("\"cost\"");
    }

    /** Upstream ids that are no JSON string, as some OpenAI-compatible servers send them. */
    @ParameterizedTest
    @ValueSource(strings = {"12345", "-1.5e3", "null", "true", "{\"id\":\"x\",\"n\":[1,{\"id\":2}]}", "[\"a\",[{}],\"]\"]", "\"}\\\"\""})
    void anIdOfAnyJsonTypeIsReplacedNotRepeated(String upstreamId) throws IOException {
        String answer = "{\"id\":" + upstreamId + ",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"id\":\"kept\"}]}";
        assertThat(edited(answer, "choices", "gen-1")).isEqualTo(
                "{\"id\":\"gen-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"id\":\"kept\"}],\"provider\":\"mock\"}");
    }

    @Test
    void idProviderAndUsageOfOtherTypesAreReplacedWhereTheyStandWithTheSpacingAroundThem() throws IOException {
        String answer = "{ \"id\" : 42 , \"provider\" :null, \"choices\" : [ ], \"usage\": null , \"x\": 7 }";
        assertThat(edited(answer, "choices", "gen-1"))
                .isEqualTo("{ \"id\" : \"gen-1\" , \"provider\" :\"mock\", \"choices\" : [ ], \"usage\": null , \"x\": 7 }");

        ObjectNode estimate = JSON.createObjectNode().put("prompt_tokens", 4).put("total_tokens", 4);
        String embeddings = "{\"data\":[],\"usage\":null,\"provider\":[1,2],\"model\":\"m\"}";
        assertThat(new String(AnswerEdits.read(JSON, bytes(embeddings), "data").write(JSON, null, "mock", new BigDecimal("0.00004"), estimate),
                StandardCharsets.UTF_8))
                .isEqualTo("{\"data\":[],\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4,\"cost\":0.00004},\"provider\":\"mock\",\"model\":\"m\"}");
    }

    @Test
    void anEmbeddingsIdIsKeptWhateverItsType() throws IOException {
        String answer = "{\"id\":7,\"data\":[],\"usage\":{\"prompt_tokens\":1}}";
        assertThat(edited(answer, "data", null))
                .isEqualTo("{\"id\":7,\"data\":[],\"usage\":{\"prompt_tokens\":1,\"cost\":0.000005},\"provider\":\"mock\"}");
    }

    @Test
    void embeddingsKeepTheirVectorsAsSentAndGetNoId() throws IOException {
        String answer = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.0023064255,-0.009327292,1E-7]}],"
                + "\"model\":\"text-embedding-3-small\",\"usage\":{\"prompt_tokens\":8,\"total_tokens\":8}}";
        String out = edited(answer, "data", null);
        assertThat(out).contains("[0.0023064255,-0.009327292,1E-7]").doesNotContain("\"id\"");
        assertThat(JSON.readTree(out).path("provider").asText()).isEqualTo("mock");
    }

    @Test
    void aUsageTheProviderDidNotSendIsWrittenWithTheCostAndOneTheProviderSentIsKept() throws IOException {
        ObjectNode estimate = JSON.createObjectNode().put("prompt_tokens", 4).put("total_tokens", 4);
        String without = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25]}],\"model\":\"g\"}";
        AnswerEdits edits = AnswerEdits.read(JSON, bytes(without), "data");
        assertThat(edits.usage().isMissingNode()).isTrue();
        assertThat(new String(edits.write(JSON, null, "mock", new BigDecimal("0.00004"), estimate), StandardCharsets.UTF_8))
                .isEqualTo("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25]}],\"model\":\"g\","
                        + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4,\"cost\":0.00004},\"provider\":\"mock\"}");
        assertThat(estimate.has("cost")).as("the caller's node is not changed").isFalse();

        String with = "{\"object\":\"list\",\"data\":[],\"model\":\"g\",\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}";
        JsonNode out = JSON.readTree(AnswerEdits.read(JSON, bytes(with), "data").write(JSON, null, "mock", BigDecimal.ONE, estimate));
        assertThat(out.path("usage").path("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(out.toString()).containsOnlyOnce("\"usage\"");
    }

    @Test
    void imagesAreCounted() throws IOException {
        AnswerEdits edits = AnswerEdits.read(JSON, bytes("{\"created\":1,\"data\":[{\"url\":\"a\"},{\"b64_json\":\"b\"},{\"url\":\"c\"}]}"), "data");
        assertThat(edits.hasExpected()).isTrue();
        assertThat(edits.itemCount()).isEqualTo(3);
        assertThat(edits.usage().isMissingNode()).isTrue();
    }

    @Test
    void anAnswerWithoutItsExpectedFieldIsNotAnAnswer() throws IOException {
        assertThat(AnswerEdits.read(JSON, bytes("{\"error\":{\"message\":\"x\"}}"), "choices").hasExpected()).isFalse();
    }

    @Test
    void garbageAndTruncatedAnswersAreRefused() {
        assertThatThrownBy(() -> AnswerEdits.read(JSON, bytes("<html>bad gateway</html>"), "choices")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AnswerEdits.read(JSON, bytes("{\"choices\":[{\"index\":0"), "choices")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AnswerEdits.read(JSON, bytes("[1,2]"), "choices")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> AnswerEdits.read(JSON, bytes(""), "choices")).isInstanceOf(IOException.class);
    }
}
