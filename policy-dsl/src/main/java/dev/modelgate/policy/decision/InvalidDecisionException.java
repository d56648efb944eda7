package dev.modelgate.policy.decision;

/** A decision header that must not be honoured; the message says why, without echoing the header. */
public final class InvalidDecisionException extends Exception {

    public InvalidDecisionException(String message) {
        super(message, null, false, false);
    }
}
