package dev.modelgate.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A way for the simulated provider to misbehave, on command. Over HTTP each is a JSON object with a
 * {@code type}: {@code {"type":"status","status":429,"retry_after":2}}, {@code {"type":"delay","millis":500}},
 * {@code {"type":"stall"}}, {@code {"type":"cut_stream","after_chunks":2}}, {@code {"type":"slow_stream","chunk_delay_ms":200}},
 * {@code {"type":"stall_stream","after_chunks":2}}, {@code {"type":"reset"}},
 * {@code {"type":"garbage"}}, {@code {"type":"error_event","after_chunks":2}}, {@code {"type":"safety_block"}},
 * {@code {"type":"content_filter"}}.
 * Faults that only make sense for one wire format or for streams (cut_stream, slow_stream, error_event on a
 * non-streamed request; safety_block outside Gemini; content_filter outside Azure) leave the answer normal.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Fault.Status.class, name = "status"),
        @JsonSubTypes.Type(value = Fault.Delay.class, name = "delay"),
        @JsonSubTypes.Type(value = Fault.Stall.class, name = "stall"),
        @JsonSubTypes.Type(value = Fault.CutStream.class, name = "cut_stream"),
        @JsonSubTypes.Type(value = Fault.SlowStream.class, name = "slow_stream"),
        @JsonSubTypes.Type(value = Fault.StallStream.class, name = "stall_stream"),
        @JsonSubTypes.Type(value = Fault.Reset.class, name = "reset"),
        @JsonSubTypes.Type(value = Fault.Garbage.class, name = "garbage"),
        @JsonSubTypes.Type(value = Fault.ErrorEvent.class, name = "error_event"),
        @JsonSubTypes.Type(value = Fault.SafetyBlock.class, name = "safety_block"),
        @JsonSubTypes.Type(value = Fault.ContentFilter.class, name = "content_filter")})
public sealed interface Fault {

    /** Answer this HTTP status with an error in the request's format, and a Retry-After header when retryAfter > 0. */
    record Status(@JsonProperty("status") int status, @JsonProperty("retry_after") int retryAfter) implements Fault {
    }

    /** Wait before answering normally (to trip timeouts). */
    record Delay(@JsonProperty("millis") long millis) implements Fault {
    }

    /** Accept the request and never answer, until the client gives up or the simulator stops. */
    record Stall() implements Fault {
    }

    /** Stream this many chunks, then drop the connection without finishing the answer. */
    record CutStream(@JsonProperty("after_chunks") int afterChunks) implements Fault {
    }

    /** Stream normally but wait this long before each chunk (a slow model, or time for a client to give up). */
    record SlowStream(@JsonProperty("chunk_delay_ms") long chunkDelayMillis) implements Fault {
    }

    /** Stream this many chunks, then send nothing more while keeping the connection open (a provider hung mid-answer). */
    record StallStream(@JsonProperty("after_chunks") int afterChunks) implements Fault {
    }

    /** Close the connection without any response. */
    record Reset() implements Fault {
    }

    /** Answer 200 with a body that is not JSON. */
    record Garbage() implements Fault {
    }

    /**
     * Stream this many events, then an in-stream error event in the provider's format, and end the stream
     * cleanly: how providers report an overload after the 200 was already sent.
     */
    record ErrorEvent(@JsonProperty("after_chunks") int afterChunks) implements Fault {
    }

    /** Gemini: answer 200 with promptFeedback.blockReason SAFETY and no candidates. */
    record SafetyBlock() implements Fault {
    }

    /** Azure OpenAI: refuse the prompt with 400 code content_filter (ResponsibleAIPolicyViolation). */
    record ContentFilter() implements Fault {
    }

    static Fault status(int status) {
        return new Status(status, 0);
    }

    static Fault status(int status, int retryAfterSeconds) {
        return new Status(status, retryAfterSeconds);
    }

    static Fault delay(long millis) {
        return new Delay(millis);
    }

    static Fault stall() {
        return new Stall();
    }

    static Fault cutStream(int afterChunks) {
        return new CutStream(afterChunks);
    }

    static Fault slowStream(long chunkDelayMillis) {
        return new SlowStream(chunkDelayMillis);
    }

    static Fault stallStream(int afterChunks) {
        return new StallStream(afterChunks);
    }

    static Fault reset() {
        return new Reset();
    }

    static Fault garbage() {
        return new Garbage();
    }

    static Fault errorEvent(int afterChunks) {
        return new ErrorEvent(afterChunks);
    }

    static Fault safetyBlock() {
        return new SafetyBlock();
    }

    static Fault contentFilter() {
        return new ContentFilter();
    }
}
