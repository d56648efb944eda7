package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.relay.providers.UpstreamFailure;

import java.io.IOException;

/** Gemini's failures in the terms the relay's failover understands. */
final class GeminiFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeminiFailures() {
    }

    /**
     * Gemini answers a wrong or expired key with 400 INVALID_ARGUMENT (reason {@code API_KEY_INVALID}), not
     * 401. That is the deployment's fault, not the caller's: it must fail over rather than be shown to the
     * client as a bad request.
     */
    static UpstreamFailure reclassify(UpstreamFailure failure) {
        if (failure.status() != 400 || failure.body() == null) {
            return failure;
        }
        try {
            for (JsonNode detail : JSON.readTree(failure.body()).path("error").path("details")) {
                if (detail.path("reason").asText().equals("API_KEY_INVALID")) {
                    return new UpstreamFailure(400, "provider key rejected", failure.retryAfterSeconds(), false, null);
                }
            }
        } catch (IOException e) {
            return failure; // not Google's error shape: keep the status's own classification
        }
        return failure;
    }
}
