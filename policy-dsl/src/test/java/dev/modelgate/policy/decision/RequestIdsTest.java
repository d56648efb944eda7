package dev.modelgate.policy.decision;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTest {

    @Test
    void idsAreUniqueAndSortInTheOrderTheyAreMade() {
        RequestIds ids = new RequestIds("gen-");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) { // crosses several base-36 digit boundaries (36, 1296)
            made.add(ids.next());
        }
        assertThat(new HashSet<>(made)).hasSize(made.size());
        assertThat(made).isSorted().allMatch(id -> id.startsWith("gen-"));
    }

    @Test
    void twoProcessesNeverShareAnId() {
        RequestIds one = new RequestIds("mg-");
        RequestIds other = new RequestIds("mg-");
        assertThat(one.next()).isNotEqualTo(other.next());
    }
}
