package dev.modelgate.relay.sse;

/**
 * The SSE field grammar, one line at a time: {@code event:} and {@code data:} fields accumulate until a
 * blank line dispatches them; comments ({@code :...}) and other fields are skipped. Providers differ in
 * what they send (OpenAI: data only; Anthropic: event and data; Gemini with {@code alt=sse}: data only),
 * so this reads the common grammar. One instance per stream.
 */
final class SseLines {

    private String event;
    private StringBuilder data;

    /** Takes one line without its line ending; returns the event a blank line completes, else null. */
    SseEvent accept(String line) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            SseEvent complete = data == null ? null : new SseEvent(event, data.toString());
            event = null; // a blank line after only an event name or comments dispatches nothing
            data = null;
            return complete;
        }
        if (line.startsWith(":")) {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            event = value;
        } else if (field.equals("data")) {
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        }
        return null;
    }
}
