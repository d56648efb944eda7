package dev.modelgate.relay.sse;

/**
 * One server-sent event: an optional event name (Anthropic names every event, OpenAI names none) and its
 * data, with multi-line data joined by '\n' as the SSE specification says.
 */
public record SseEvent(String event, String data) {

    /** OpenAI's stream terminator. */
    public static final SseEvent DONE = new SseEvent(null, "[DONE]");

    public static SseEvent data(String data) {
        return new SseEvent(null, data);
    }

    public static SseEvent named(String event, String data) {
        return new SseEvent(event, data);
    }

    /** The event as written on the wire, ending with the blank line that dispatches it. */
    public String wire() {
        return event == null ? "data: " + data + "\n\n" : "event: " + event + "\ndata: " + data + "\n\n";
    }
}
