package dev.modelgate.relay.policy;

import dev.modelgate.relay.cluster.ClusterState;
import dev.modelgate.relay.health.TestHealthMonitors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Reloading the relay's policy files: a policy that loads replaces the one in force, one that does not is refused. */
class PolicyReloadTest {

    private static final String POLICY = """
            version: 1
            providers:
              sim: { type: simulated, base_url: "http://127.0.0.1:9/v1" }
            models:
              chat:
                candidates: [ { provider: sim, model: sim-chat } ]
            teams:
              search:
                keys: [ { id: search-app } ]
            """;

    @TempDir
    Path dir;

    private PolicyService started(Path file) {
        PolicyService service = new PolicyService();
        service.files = file.toString();
        service.cluster = new ClusterState(); // no Redis: the relay's own counters
        service.health = TestHealthMonitors.withoutProbe();
        service.load();
        return service;
    }

    @Test
    void aPolicyThatLoadsIsInForceForTheNextRequest() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        PolicyService service = started(file);
        String before = service.lastLoad().digest();
        assertThat(service.lastLoad().applied()).isTrue();

        Files.writeString(file, POLICY + "  ads:\n    keys: [ { id: ads-app } ]\n");
        PolicyService.Load load = service.reload();
        assertThat(load.applied()).isTrue();
        assertThat(load.digest()).isNotEqualTo(before);
        assertThat(service.policy().policy().teams()).containsKeys("search", "ads");
        assertThat(service.lastLoad()).isEqualTo(load);
        assertThat(service.loadedAt()).isEqualTo(load.at());
    }

    @Test
    void aPolicyThatDoesNotLoadIsRefusedWithItsProblemsAndTheOneInForceStays() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), POLICY);
        PolicyService service = started(file);
        var inForce = service.policy();
        var loadedAt = service.loadedAt();

        Files.writeString(file, POLICY.replace("provider: sim,", "provider: nosuch,"));
        PolicyService.Load load = service.reload();
        assertThat(load.applied()).isFalse();
        assertThat(load.digest()).isNull();
        assertThat(load.problems()).isNotEmpty().anySatisfy(p -> assertThat(p).contains("policy.yaml:").contains("nosuch"));
        assertThat(service.policy()).as("the policy in force stays").isSameAs(inForce);
        assertThat(service.loadedAt()).isEqualTo(loadedAt);
        assertThat(service.lastLoad()).isEqualTo(load);
    }
}
