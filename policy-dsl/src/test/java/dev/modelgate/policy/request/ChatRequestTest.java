package dev.modelgate.policy.request;

import static dev.modelgate.policy.request.Bodies.chat;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

    @Test
    void simpleChat() throws Exception {
        ParsedRequest r = chat("""
                {"model":"gpt-4o-mini","messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","name":"ann","content":"Hello"}],
                 "max_tokens":50,"temperature":0.2}""");
        assertThat(r.endpoint()).isEqualTo(Endpoint.CHAT_COMPLETIONS);
        assertThat(r.model()).isEqualTo("gpt-4o-mini");
        assertThat(r.messageCount()).isEqualTo(2);
        assertThat(r.namedMessageCount()).isEqualTo(1);
        assertThat(r.maxOutputTokens()).isEqualTo(50);
        assertThat(r.stream()).isFalse();
        assertThat(r.includeUsage()).isFalse();
        assertThat(r.usesTools()).isFalse();
        assertThat(r.jsonMode()).isFalse();
        assertThat(r.texts()).containsExactly(
                new TextPart("/messages/0/content", "You are terse."),
                new TextPart("/messages/1/content", "Hello"));
        assertThat(r.images()).isEmpty();
        assertThat(r.parameters()).containsExactlyInAnyOrder("model", "messages", "max_tokens", "temperature");
        assertThat(r.provider()).isEqualTo(ProviderPreferences.none());
        assertThat(r.fallbackModels()).isEmpty();
        assertThat(r.metadata()).isEmpty();
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() throws Exception {
        ParsedRequest r = chat("""
                {"model":"o3","messages":[{"role":"user","content":"x"}],"max_tokens":10,"max_completion_tokens":99}""");
        assertThat(r.maxOutputTokens()).isEqualTo(99);
    }

    @Test
    void streamingWithUsage() throws Exception {
        ParsedRequest r = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"stream":true,
                 "stream_options":{"include_usage":true}}""");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
    }

    @Test
    void contentPartsAreCollectedWithPointers() throws Exception {
        ParsedRequest r = chat("""
                {"model":"gpt-4o","messages":[
                  {"role":"developer","content":"rules"},
                  {"role":"user","content":[
                    {"type":"text","text":"What is in this image?"},
                    {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
                    {"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}},
                    {"type":"file","file":{"file_id":"file-123"}},
                    {"type":"text","text":"Answer briefly."}]}]}""");
        assertThat(r.texts()).extracting(TextPart::pointer).containsExactly(
                "/messages/0/content", "/messages/1/content/0/text", "/messages/1/content/4/text");
        assertThat(r.images()).containsExactly(new ImagePart("/messages/1/content/1/image_url", "low", 0, 0));
    }

    @Test
    void imageDetailDefaultsToAutoAndDataUrlSizeIsRead() throws Exception {
        String png = ImageHeadersTest.pngDataUrl(640, 480);
        ParsedRequest r = chat("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + png + "\"}}]}]}");
        assertThat(r.images()).containsExactly(new ImagePart("/messages/0/content/0/image_url", "auto", 640, 480));
    }

    @Test
    void toolCallArgumentsAndToolResultsAreTexts() throws Exception {
        ParsedRequest r = chat("""
                {"model":"gpt-4.1","messages":[
                  {"role":"user","content":"weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[
                    {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18C, sunny"},
                  {"role":"assistant","function_call":{"name":"f","arguments":"{}"}}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");
        assertThat(r.texts()).containsExactly(
                new TextPart("/messages/0/content", "weather in Paris?"),
                new TextPart("/messages/1/tool_calls/0/function/arguments", "{\"city\":\"Paris\"}"),
                new TextPart("/messages/2/content", "18C, sunny"),
                new TextPart("/messages/3/function_call/arguments", "{}"));
        assertThat(r.usesTools()).isTrue();
        assertThat(r.toolDefinitions()).isEqualTo(
                "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]");
    }

    @Test
    void legacyFunctionsCountAsTools() throws Exception {
        ParsedRequest r = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"functions":[{"name":"f"}]}""");
        assertThat(r.usesTools()).isTrue();
    }

    @Test
    void jsonModeFromResponseFormat() throws Exception {
        assertThat(chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}""")
                .jsonMode()).isTrue();
        assertThat(chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"s","schema":{}}}}""").jsonMode()).isTrue();
        assertThat(chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"text"}}""")
                .jsonMode()).isFalse();
    }

    @Test
    void openRouterExtras() throws Exception {
        ParsedRequest r = chat("""
                {"model":"openai/gpt-4o","models":["anthropic/claude-sonnet-4","google/gemini-2.5-pro"],
                 "messages":[{"role":"user","content":"x"}],
                 "provider":{"order":["openai","azure"],"only":["openai","azure","together"],"ignore":["deepinfra"],
                   "allow_fallbacks":false,"require_parameters":true,"data_collection":"deny","zdr":true,
                   "sort":"throughput","max_price":{"prompt":1,"completion":0.10,"request":0.001}},
                 "metadata":{"trace":"abc","env":"prod"}}""");
        assertThat(r.fallbackModels()).containsExactly("anthropic/claude-sonnet-4", "google/gemini-2.5-pro");
        ProviderPreferences p = r.provider();
        assertThat(p.order()).containsExactly("openai", "azure");
        assertThat(p.only()).containsExactly("openai", "azure", "together");
        assertThat(p.ignore()).containsExactly("deepinfra");
        assertThat(p.allowFallbacks()).isFalse();
        assertThat(p.requireParameters()).isTrue();
        assertThat(p.dataCollection()).isEqualTo(ProviderPreferences.DataCollection.DENY);
        assertThat(p.zdr()).isTrue();
        assertThat(p.sort()).isEqualTo(ProviderPreferences.Sort.THROUGHPUT);
        // exact decimals, scale kept: 0.10 is not 0.1 and certainly not 0.1000000000000000055511151231257827
        assertThat(p.maxPrice().prompt()).isEqualTo(new BigDecimal("1"));
        assertThat(p.maxPrice().completion()).isEqualTo(new BigDecimal("0.10"));
        assertThat(p.maxPrice().request()).isEqualTo(new BigDecimal("0.001"));
        assertThat(p.maxPrice().image()).isNull();
        assertThat(r.metadata()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("trace", "abc", "env", "prod"));
        assertThat(r.parameters()).contains("provider", "models", "metadata");
    }

    @Test
    void providerDefaultsFollowOpenRouter() throws Exception {
        ProviderPreferences p = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"provider":{"sort":"price"}}""").provider();
        assertThat(p.allowFallbacks()).isTrue();
        assertThat(p.requireParameters()).isFalse();
        assertThat(p.dataCollection()).isEqualTo(ProviderPreferences.DataCollection.ALLOW);
        assertThat(p.sort()).isEqualTo(ProviderPreferences.Sort.PRICE);
        assertThat(p.maxPrice().isNone()).isTrue();
    }

    @Test
    void userAndTeamFieldsAreNotIdentity() throws Exception {
        ParsedRequest r = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"user":"mallory","team":"finance"}""");
        // they are only visible as "present parameters", never as metadata or any identity-like field
        assertThat(r.metadata()).isEmpty();
        assertThat(r.texts()).extracting(TextPart::text).doesNotContain("mallory", "finance");
    }

    @Test
    void nullOptionalFieldsAreAbsent() throws Exception {
        ParsedRequest r = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"stream":null,"tools":null,
                 "provider":null,"models":null,"metadata":null,"max_tokens":null}""");
        assertThat(r.stream()).isFalse();
        assertThat(r.usesTools()).isFalse();
        assertThat(r.provider()).isEqualTo(ProviderPreferences.none());
        assertThat(r.maxOutputTokens()).isZero();
    }

    @Test
    void resultIsImmutable() throws Exception {
        ParsedRequest r = chat("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.texts().add(new TextPart("/x", "y")))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.parameters().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
