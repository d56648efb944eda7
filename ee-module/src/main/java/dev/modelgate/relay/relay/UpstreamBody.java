package dev.modelgate.relay.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The body sent to the deployments of one request: the client's body (or its redacted form) without
 * the OpenRouter extras, asking for usage on streams so that metering is exact even when the client
 * did not ask. Parsed once per request; each deployment only changes the model name.
 */
final class UpstreamBody {

    private final ObjectNode body;

    private UpstreamBody(ObjectNode body) {
        this.body = body;
    }

    static UpstreamBody of(ObjectMapper json, byte[] clientBody, boolean stream) throws IOException {
        ObjectNode body = (ObjectNode) json.readTree(clientBody);
        body.remove("models");   // OpenRouter extras are Modelgate's business, not the provider's
        body.remove("provider");
        if (stream) {
            body.with("stream_options").put("include_usage", true);
        }
        return new UpstreamBody(body);
    }

    /** The body for one deployment; deployments are tried one after another, so the tree is reused. */
    ObjectNode forModel(String upstreamModel) {
        body.put("model", upstreamModel);
        return body;
    }
}
