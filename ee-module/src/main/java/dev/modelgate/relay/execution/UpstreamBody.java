package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;


/**
 * The body sent to the deployments of one request: the client's body (or its redacted form) without
 * the OpenRouter extras, asking for usage on streams so that metering is exact even when the client
 * did not ask. Taken from the request as parsed for the decision; each deployment only changes the model name. Uploads (audio
 * transcriptions) stay multipart bytes, with only the model field spliced.
 */
final class UpstreamBody {

    private final ObjectNode json;
    private final ParsedRequest upload;

    private UpstreamBody(ObjectNode json, ParsedRequest upload) {
        this.json = json;
        this.upload = upload;
    }

    /**
     * @param body           a copy of the parsed body, the relay's to change
     * @param outputCap      the output tokens the budget reservation was priced for (0: none known); sent as the answer's
     *                       limit, so a provider that honours it cannot cost more than was reserved
     */
    static UpstreamBody json(ObjectNode body, boolean stream, Endpoint endpoint, long outputCap) {
        body.remove("models");   // OpenRouter extras are Modelgate's business, not the provider's
        body.remove("provider");
        capOutput(body, endpoint, outputCap);
        if (stream) {
            body.with("stream_options").put("include_usage", true);
        }
        return new UpstreamBody(body, null);
    }

    /**
     * Chat: the client's own field (max_completion_tokens or the older max_tokens) set to the cap, or
     * max_completion_tokens when it sent neither (what every current OpenAI chat model accepts; the Anthropic and
     * Gemini adapters read either). Legacy completions only know max_tokens.
     */
    private static void capOutput(ObjectNode body, Endpoint endpoint, long cap) {
        if (cap <= 0) {
            return;
        }
        if (endpoint == Endpoint.COMPLETIONS) {
            body.put("max_tokens", cap);
        } else if (endpoint == Endpoint.CHAT_COMPLETIONS) {
            boolean either = body.has("max_tokens") || body.has("max_completion_tokens");
            if (body.has("max_tokens")) {
                body.put("max_tokens", cap);
            }
            if (body.has("max_completion_tokens") || !either) {
                body.put("max_completion_tokens", cap);
            }
        }
    }

    static UpstreamBody upload(ParsedRequest parsed) {
        return new UpstreamBody(null, parsed);
    }

    boolean isUpload() {
        return upload != null;
    }

    /** The body for one deployment; deployments are tried one after another, so the tree is reused. */
    ObjectNode forModel(String upstreamModel) {
        json.put("model", upstreamModel);
        return json;
    }

    byte[] uploadForModel(String upstreamModel) {
        return upload.uploadWithModel(upstreamModel);
    }
}
