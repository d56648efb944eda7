package dev.modelgate.relay.providers.anthropic;

/**
 * A request {@code /v1/messages} refuses before the relay sees it, answered in Anthropic's error shape.
 * Messages name the offending field in Anthropic's notation and never quote request content, so nothing
 * a client sent (a key pasted into a prompt) is echoed into logs.
 */
public final class MessagesException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    MessagesException(int status, String type, String message) {
        super(message, null, false, false); // an ordinary client outcome: no trace, no cause to leak
        this.status = status;
        this.type = type;
    }

    public static MessagesException invalid(String message) {
        return new MessagesException(400, "invalid_request_error", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
