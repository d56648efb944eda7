package dev.modelgate.relay.execution;

import dev.modelgate.relay.providers.UpstreamFailure;

import java.util.Locale;

/**
 * Whether a provider refused a request as longer than its context window. The relay's own estimate routes
 * past deployments too small for a request; a provider that counts more tokens than the estimate still says
 * so with a 400, and another deployment with a larger window may take the request (context-length-aware
 * fallback, as OpenRouter and LiteLLM do), where any other 400 is the client's mistake wherever it goes.
 */
final class ContextOverflow {

    static final String OUTCOME = "context length exceeded";

    private ContextOverflow() {
    }

    static boolean is(UpstreamFailure failure) {
        if (failure.status() != 400 && failure.status() != 413) {
            return false;
        }
        String body = failure.body() == null ? "" : failure.body().toLowerCase(Locale.ROOT);
        return body.contains("context_length_exceeded")       // OpenAI, Azure OpenAI, OpenAI-compatible servers
                || body.contains("maximum context length")       // OpenAI's and vLLM's message
                || body.contains("prompt is too long")           // Anthropic
                || body.contains("exceeds the maximum number of tokens"); // Gemini
    }
}
