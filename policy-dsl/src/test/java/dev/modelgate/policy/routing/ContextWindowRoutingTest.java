package dev.modelgate.policy.routing;

import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.model.DataPolicy;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.request.ProviderPreferences;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Context-length-aware routing: past deployments too small for the request, and a 400 (not a 503) when none fits. */
class ContextWindowRoutingTest {

    private static final Policy POLICY = load("""
            version: 1
            providers:
              a: { type: simulated }
              b: { type: simulated }
            models:
              ctx: { candidates: [ { provider: a, model: small, context_window: 1000 }, { provider: b, model: large, context_window: 8000 } ] }
            teams:
              t: { consumers: [app] }
            """);

    private static Policy load(String yaml) {
        try {
            return new PolicyLoader(new EnvInterpolator(n -> null))
                    .load(List.of(new PolicySource("test.yaml", yaml.getBytes(StandardCharsets.UTF_8)))).policy();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RoutePlan route(HealthSource health, long input, long output) {
        return new Router(POLICY, health, ThreadLocalRandom::current).route(new RouteQuery("ctx", true, List.of(), Set.of(),
                input, output, DataPolicy.NONE, ProviderPreferences.none(), (alias, model) -> true, alias -> true, Set.of()));
    }

    @Test
    void aRequestTooLongForTheFirstDeploymentGoesToTheLargerOne() {
        RoutePlan plan = route(HealthSource.NONE, 900, 500);
        assertThat(plan.kept()).extracting(RouteCandidate::deploymentId).containsExactly("b/large");
        assertThat(plan.dropped()).singleElement().satisfies(d -> {
            assertThat(d.contextTooSmall()).isTrue();
            assertThat(d.reason()).isEqualTo("context window 1000 < estimated 1400 tokens");
        });
        assertThat(plan.contextExceeded()).isFalse();
    }

    @Test
    void whenNoDeploymentFitsThePlanSaysTheContextIsExceeded() {
        RoutePlan plan = route(HealthSource.NONE, 9000, 100);
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.contextExceeded()).isTrue();
        assertThat(plan.largestContextWindow()).isEqualTo(8000);
        assertThat(plan.contextNeeded()).isEqualTo(9100);
    }

    @Test
    void whenTheOneThatFitsIsOnlyUnavailableItIsNotAContextError() {
        HealthSource largeOpen = id -> id.equals("b/large") ? new DeploymentHealth(0, 0, CircuitState.OPEN) : DeploymentHealth.UNKNOWN;
        RoutePlan plan = route(largeOpen, 900, 500);
        assertThat(plan.kept()).isEmpty();
        assertThat(plan.contextExceeded()).as("the large deployment fits and may be back soon: a 503").isFalse();
    }
}
