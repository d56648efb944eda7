package dev.modelgate.relay.providers.anthropic;

/**
 * An answer {@code /v1/messages} cannot give in Anthropic's format, answered in Anthropic's error shape. (A
 * request it refuses is a {@code RequestException} of the policy language, which reads Messages bodies for the
 * relay and the gateway nodes alike.) Messages never quote content, so nothing a client or provider sent is
 * echoed into logs.
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

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
