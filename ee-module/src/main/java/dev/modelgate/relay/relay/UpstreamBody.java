package dev.modelgate.relay.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;

/**
 * The body sent to one deployment: the client's body (or its redacted form) with the deployment's own
 * model name, and on streams a request for usage so that metering is exact even when the client did not ask.
 */
final class UpstreamBody {

    private UpstreamBody() {
    }

    static byte[] forDeployment(ObjectMapper json, byte[] clientBody, String upstreamModel, boolean stream) throws IOException {
        ObjectNode body = (ObjectNode) json.readTree(clientBody);
        body.put("model", upstreamModel);
        body.remove("models");   // OpenRouter extras are Modelgate's business, not the provider's
        body.remove("provider");
        if (stream) {
            ObjectNode options = body.with("stream_options");
            options.put("include_usage", true);
        }
        return json.writeValueAsBytes(body);
    }
}
