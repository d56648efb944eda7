package dev.modelgate.policy.limits;

/** A held concurrency slot. Closing it more than once releases the slot only once. */
public interface Permit extends AutoCloseable {

    String key();

    /** Releases the slot; later calls do nothing. */
    @Override
    void close();
}
