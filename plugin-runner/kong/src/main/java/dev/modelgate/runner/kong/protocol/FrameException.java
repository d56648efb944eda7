package dev.modelgate.runner.kong.protocol;

import java.io.IOException;

/** The peer broke the framing: the connection cannot be trusted for another frame. */
public final class FrameException extends IOException {
    public FrameException(String message) {
        super(message);
    }
}
