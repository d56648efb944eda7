package dev.modelgate.relay.providers;

/**
 * Sends one request to a provider and classifies what came back. The relay's implementation is
 * {@link UpstreamHttp} (the JDK's HTTP client); adapter tests answer with recorded provider answers instead.
 */
@FunctionalInterface
public interface Upstream {

    /** Never throws for a network problem: a timeout or a broken connection is a failed {@link CallResult}. */
    CallResult send(UpstreamRequest request);
}
