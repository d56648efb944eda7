package dev.modelgate.runner.apisix.harness;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP request as APISIX describes it to the runner, with the vars and body it serves on demand. */
public final class A6Request {

    final Map<String, String> headers = new LinkedHashMap<>();
    final Map<String, String> vars = new LinkedHashMap<>();
    String path = "/v1/chat/completions";
    byte[] body = new byte[0];
    long confToken;

    public static A6Request chat(long confToken, String consumer, String json) {
        return new A6Request().conf(confToken).consumer(consumer).header("content-type", "application/json").body(json);
    }

    /** Anthropic's Messages API, as Anthropic's SDKs and Claude Code send it: the key in {@code x-api-key}. */
    public static A6Request messages(long confToken, String consumer, String json) {
        return chat(confToken, consumer, json).path("/v1/messages").header("x-api-key", "client-key")
                .header("anthropic-version", "2023-06-01");
    }

    /** OpenAI's Responses API, as Codex and the Agents SDK send it. */
    public static A6Request responses(long confToken, String consumer, String json) {
        return chat(confToken, consumer, json).path("/v1/responses");
    }

    public A6Request conf(long token) {
        this.confToken = token;
        return this;
    }

    public A6Request path(String path) {
        this.path = path;
        return this;
    }

    public A6Request header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public A6Request consumer(String name) {
        if (name != null) {
            vars.put("consumer_name", name);
        }
        return this;
    }

    public A6Request body(String json) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public A6Request body(byte[] bytes) {
        this.body = bytes;
        return this;
    }
}
