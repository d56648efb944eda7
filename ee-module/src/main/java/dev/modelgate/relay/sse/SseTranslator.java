package dev.modelgate.relay.sse;

import java.io.IOException;
import java.util.List;

/**
 * Turns one wire format's stream events into another's, event by event: a provider's SSE into OpenAI
 * chunks (adapters), or OpenAI chunks into Anthropic's events (the {@code /v1/messages} ingress).
 * Stateful: one instance per stream.
 */
public interface SseTranslator {

    /** The events to send for one received event; empty when it carries nothing for the other side. */
    List<SseEvent> onEvent(SseEvent event) throws IOException;

    /**
     * Called when the received stream ended. Returns the closing events, or throws when the stream ended
     * before its format says it is complete, so a cut stream is never passed on as a clean end.
     */
    List<SseEvent> onEnd() throws IOException;

    /** True once the received stream said it is complete; events after that are ignored. */
    boolean finished();
}
