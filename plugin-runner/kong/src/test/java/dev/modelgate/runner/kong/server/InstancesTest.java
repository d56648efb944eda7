package dev.modelgate.runner.kong.server;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Instance ids derived from configurations: stable across processes, distinct per configuration. */
class InstancesTest {

    private static byte[] config(int n) {
        return ("{\"policy_files\":[\"/etc/modelgate/p" + n + ".yaml\"],\"__seq__\":1,\"route_id\":\"r\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNewProcessGivesTheSameConfigTheSameIdAndClosingFreesIt() {
        Instances first = new Instances();
        Instances second = new Instances();
        int id = first.start("modelgate", config(1)).id();
        assertThat(second.start("modelgate", config(1)).id()).isEqualTo(id);
        assertThat(first.start("modelgate", config(2)).id()).isNotEqualTo(id);
        assertThat(first.start("modelgate", config(1))).as("the running instance, not a new one").isSameAs(first.get(id).orElseThrow());
        assertThat(first.close(id)).isPresent();
        assertThat(first.get(id)).isEmpty();
        assertThat(first.start("modelgate", config(1)).id()).isEqualTo(id);
    }

    @Test
    void twoConfigsWhoseDigestsShare31BitsGetDistinctIdsAndEachKeepsItsOwn() {
        // Found by search, not by luck: the first pair of generated configs with the same first id.
        Map<Integer, Integer> seen = new HashMap<>();
        int a = -1;
        int b = -1;
        for (int n = 0; b < 0; n++) {
            Integer earlier = seen.putIfAbsent(ConfigIdentity.of("modelgate", config(n)).id(0), n);
            if (earlier != null) {
                a = earlier;
                b = n;
            }
        }
        Instances instances = new Instances();
        Instances.Instance first = instances.start("modelgate", config(a));
        Instances.Instance second = instances.start("modelgate", config(b));
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(instances.get(first.id()).orElseThrow().config().settings().policyFiles()).containsExactly("/etc/modelgate/p" + a + ".yaml");
        assertThat(instances.get(second.id()).orElseThrow().config().settings().policyFiles()).containsExactly("/etc/modelgate/p" + b + ".yaml");
        assertThat(instances.start("modelgate", config(b))).isSameAs(second);
    }
}
