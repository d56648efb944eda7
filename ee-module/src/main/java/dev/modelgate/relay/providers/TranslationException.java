package dev.modelgate.relay.providers;

import java.io.IOException;

/**
 * A provider's answer (or a client's request) that cannot be carried into the other format: an unknown
 * shape, partial JSON in a stream, a provider error event. The message is safe to show the client: it
 * names what was wrong, never a credential or the whole payload.
 */
public class TranslationException extends IOException {

    public TranslationException(String message) {
        super(message);
    }

    public TranslationException(String message, Throwable cause) {
        super(message, cause);
    }
}
