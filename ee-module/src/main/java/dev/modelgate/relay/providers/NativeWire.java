package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.sse.SseEvent;

/**
 * What the relay needs to know of a provider's own wire format to pass its answers through untouched: the
 * billable usage of an answer and of a stream, read on the way, and how that format reports a stream that
 * broke off.
 */
public interface NativeWire {

    /** @throws TranslationException when {@code answer} is no answer of this format */
    Usage usage(JsonNode answer) throws TranslationException;

    /** A new reader of one stream's events. */
    StreamMeter stream();

    /** The event that ends a stream the provider cut, so the client never takes a cut answer as complete. */
    SseEvent broken(String message);

    /** Reads one stream's usage from its events as they are forwarded. */
    interface StreamMeter {

        /** @throws TranslationException when the event is the provider's error event or cannot be read */
        void see(SseEvent event) throws TranslationException;

        /** The stream ended as the format ends a complete answer. */
        boolean finished();

        /** Usage reported so far; the input counts arrive first, the output count last. */
        Usage usage();

        /** Whether the provider reported an output count yet (else the delivered text is counted). */
        boolean outputReported();

        /** The answer's text delivered so far, to count an interrupted stream's output. */
        String delivered();
    }
}
