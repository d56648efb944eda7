package dev.modelgate.policy.model;

import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment's prices over time: each day is priced with the entry in force then. */
class PriceScheduleTest {

    static Policy load(String candidate) throws PolicyException {
        String yaml = "version: 1\nproviders: { a: { type: simulated } }\nmodels:\n  m:\n    candidates:\n" + candidate;
        return new PolicyLoader(new EnvInterpolator(n -> null))
                .load(List.of(new PolicySource("p.yaml", yaml.getBytes(StandardCharsets.UTF_8)))).policy();
    }

    @Test
    void eachDayGetsThePriceInForce() throws Exception {
        Candidate c = load("""
                      - provider: a
                        model: x
                        price: { input_per_mtok: 3, effective_from: 2026-12-01 }
                        price_schedule:
                          - { input_per_mtok: 5, effective_from: 2026-01-01 }
                          - { input_per_mtok: 4, effective_from: 2026-06-01 }
                """).models().get("m").candidates().get(0);
        assertThat(c.priceAt(LocalDate.parse("2025-12-31"))).isSameAs(Price.FREE);
        assertThat(c.priceAt(LocalDate.parse("2026-01-01")).inputPerMtok()).isEqualByComparingTo(new BigDecimal("5"));
        assertThat(c.priceAt(LocalDate.parse("2026-05-31")).inputPerMtok()).isEqualByComparingTo(new BigDecimal("5"));
        assertThat(c.priceAt(LocalDate.parse("2026-06-01")).inputPerMtok()).isEqualByComparingTo(new BigDecimal("4"));
        assertThat(c.priceAt(LocalDate.parse("2026-12-01")).inputPerMtok()).isEqualByComparingTo(new BigDecimal("3"));

        Candidate undated = load("      - { provider: a, model: y, price: { input_per_mtok: 7 } }\n").models().get("m").candidates().get(0);
        assertThat(undated.priceAt(LocalDate.parse("2001-01-01")).inputPerMtok()).isEqualByComparingTo(new BigDecimal("7"));
    }

    @Test
    void aScheduledPriceNeedsADateAndOnlyOnePerDay() {
        assertThatThrownBy(() -> load("""
                      - provider: a
                        model: x
                        price: { input_per_mtok: 3, effective_from: 2026-06-01 }
                        price_schedule:
                          - { input_per_mtok: 5 }
                          - { input_per_mtok: 4, effective_from: 2026-06-01 }
                """)).isInstanceOf(PolicyException.class)
                .hasMessageContaining("a scheduled price needs 'effective_from'")
                .hasMessageContaining("two prices take effect on 2026-06-01");
    }
}
