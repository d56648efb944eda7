package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.guard.AnswerGuard;
import dev.modelgate.policy.pricing.Usage;
import dev.modelgate.relay.sse.SseEvent;

import java.util.List;

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

    /** The policy's answer guardrails ({@code applies_to: output}) on one answer of this format. */
    AnswerFilter screen(AnswerGuard guard);

    /**
     * Answer guardrails on a passed-through answer: a redaction edits the text the client gets, a deny ends the
     * answer the way the format ends one its provider refused. Usage is read from the provider's own events, not
     * from these.
     */
    interface AnswerFilter {

        /** A whole answer, edited in place. */
        void screenWhole(ObjectNode answer);

        /** One event of a stream: what to send in its place, in order (nothing while text is held back). */
        List<SseEvent> screen(SseEvent event) throws TranslationException;

        /** The guardrails that fired so far. */
        List<String> firedBy();
    }

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
