package dev.modelgate.relay.providers.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy's redactions of the OpenAI translation, carried over to the client's Anthropic body, or not at all. */
class MessagesRedactionsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final MessagesRequests requests = new MessagesRequests(json);

    private ObjectNode tree(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    @Test
    void aRedactedTextIsReplacedInTheAnthropicBodyKeepingEverythingAroundIt() throws Exception {
        ObjectNode anthropic = tree("""
                {"model":"claude","max_tokens":10,"thinking":{"type":"enabled","budget_tokens":1024},
                 "messages":[{"role":"user","content":[{"type":"text","text":"card 4111 1111 1111 1111","cache_control":{"type":"ephemeral"}}]}]}""");
        ObjectNode openAi = requests.toOpenAi(anthropic).body();
        ObjectNode redacted = openAi.deepCopy();
        // The marked block stays a text part of its own in the translation, with its cache_control.
        ((ObjectNode) redacted.at("/messages/0/content/0")).put("text", "card [CREDIT_CARD]");

        Optional<ObjectNode> out = MessagesRedactions.apply(anthropic, openAi, redacted, requests);

        ObjectNode expected = anthropic.deepCopy();
        ((ObjectNode) expected.at("/messages/0/content/0")).put("text", "card [CREDIT_CARD]");
        assertThat(out).hasValue(expected);
        assertThat(anthropic.at("/messages/0/content/0/text").asText()).as("the client's body is not changed").contains("4111");
    }

    /** Two system blocks become one system message: a redaction inside it cannot be placed, so nothing passes through. */
    @Test
    void aRedactionThatCannotBePlacedExactlyPassesNothingThrough() throws Exception {
        ObjectNode anthropic = tree("""
                {"model":"claude","max_tokens":10,"system":[{"type":"text","text":"card 4111 1111 1111 1111"},{"type":"text","text":"Be brief."}],
                 "messages":[{"role":"user","content":"hi"}]}""");
        ObjectNode openAi = requests.toOpenAi(anthropic).body();
        ObjectNode redacted = openAi.deepCopy();
        ((ObjectNode) redacted.get("messages").get(0)).put("content", "card [CREDIT_CARD]\nBe brief.");

        assertThat(MessagesRedactions.apply(anthropic, openAi, redacted, requests)).isEmpty();
    }

    @Test
    void withoutRedactionsTheBodyIsTheClients() throws Exception {
        ObjectNode anthropic = tree("{\"model\":\"claude\",\"max_tokens\":10,\"top_k\":3,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        ObjectNode openAi = requests.toOpenAi(anthropic).body();
        assertThat(MessagesRedactions.apply(anthropic, openAi, openAi.deepCopy(), requests)).hasValue(anthropic);
    }
}
