package dev.modelgate.edge.policy;

/** No policy could ever be loaded from a route's files (a later bad edit never causes this: the old one keeps serving). */
public final class PolicyUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public PolicyUnavailableException(String message) {
        super(message, null, false, false);
    }
}
