package dev.modelgate.runner.apisix;

import dev.modelgate.edge.EdgeGate;
import dev.modelgate.edge.EdgeRuntime;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the host-neutral edge logic for this runner. */
@Configuration
public class EdgeConfiguration {

    @Bean(destroyMethod = "close")
    EdgeRuntime edgeRuntime(RunnerSettings settings) {
        return new EdgeRuntime(settings.edge(), settings.metricsAddress());
    }

    @Bean
    EdgeGate edgeGate(EdgeRuntime runtime) {
        return runtime.gate();
    }
}
