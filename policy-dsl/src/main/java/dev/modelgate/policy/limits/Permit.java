package dev.modelgate.policy.limits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A held concurrency slot. Closing it more than once releases the slot only once. */
public interface Permit extends AutoCloseable {

    String key();

    /** Releases the slot; later calls do nothing. */
    @Override
    void close();

    /**
     * Releases the slot without waiting for it, so that a request's ending steps can travel together (a shared
     * implementation sends them in one pipelined round trip); the stage completes once the slot is free. By
     * default: {@link #close()}, done when it returns.
     */
    default CompletionStage<Void> closeAsync() {
        close();
        return CompletableFuture.completedFuture(null);
    }
}
