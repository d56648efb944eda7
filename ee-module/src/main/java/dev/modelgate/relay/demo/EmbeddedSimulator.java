package dev.modelgate.relay.demo;

import dev.modelgate.simulator.SimulatedProvider;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The standalone demo's provider: when {@code modelgate.simulator.port} is set (bin/modelgate serve sets
 * 18080), a simulated OpenAI-compatible provider runs inside the relay's JVM on 127.0.0.1, so the sample
 * policy answers without any real key. Off by default: production relays never start it.
 */
@ApplicationScoped
public class EmbeddedSimulator {

    private static final Logger LOG = Logger.getLogger(EmbeddedSimulator.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.simulator.port")
    Optional<Integer> port;

    private SimulatedProvider simulator;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        if (port.isEmpty() || port.get() <= 0) {
            return;
        }
        try {
            simulator = SimulatedProvider.start(port.get(), Optional.empty());
            LOG.info("Simulated provider listening on " + simulator.baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated provider on port " + port.get(), e);
        }
    }

    @PreDestroy
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }
}
