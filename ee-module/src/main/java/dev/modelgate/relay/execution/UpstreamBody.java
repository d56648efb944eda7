package dev.modelgate.relay.execution;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    /** @param body a copy of the parsed body, the relay's to change */
    static UpstreamBody json(ObjectNode body, boolean stream) {
        body.remove("models");   // OpenRouter extras are Modelgate's business, not the provider's
        body.remove("provider");
        if (stream) {
            body.with("stream_options").put("include_usage", true);
        }
        return new UpstreamBody(body, null);
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
