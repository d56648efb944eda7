package dev.modelgate.relay.it;

import dev.modelgate.simulator.SimulatedProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * One simulated provider on 127.0.0.1:18181 (the test policy's provider) for every integration test
 * class, like the one Liberty server: restarting it between classes would leave the relay's pooled
 * connections pointing at a closed server and turn the next test's first call into a failover.
 */
final class SharedSimulator {

    private static final SimulatedProvider INSTANCE = start();

    private SharedSimulator() {
    }

    static SimulatedProvider get() {
        return INSTANCE;
    }

    private static SimulatedProvider start() {
        try {
            SimulatedProvider sim = SimulatedProvider.start(18181, Optional.empty());
            Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
            return sim;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
