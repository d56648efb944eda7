package dev.modelgate.policy.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MicrosTest {

    @Test
    void costsRoundUpToTheNextMicro() {
        assertThat(Micros.costFromUsd(new BigDecimal("1.5"))).isEqualTo(1_500_000);
        assertThat(Micros.costFromUsd(new BigDecimal("0.0000001"))).isEqualTo(1);
        assertThat(Micros.costFromUsd(new BigDecimal("0.0000010"))).isEqualTo(1);
        assertThat(Micros.costFromUsd(new BigDecimal("0.0000010000001"))).isEqualTo(2);
        assertThat(Micros.costFromUsd(BigDecimal.ZERO)).isZero();
    }

    @Test
    void limitsRoundDown() {
        assertThat(Micros.limitFromUsd(new BigDecimal("500"))).isEqualTo(500_000_000);
        assertThat(Micros.limitFromUsd(new BigDecimal("0.0000019"))).isEqualTo(1);
    }

    @Test
    void tokenCostAtPerMillionPrice() {
        // 1234 tokens at $0.15 / Mtok = $0.0001851 = 185.1 micros -> 186
        assertThat(Micros.costOfTokens(1_234, new BigDecimal("0.15"))).isEqualTo(186);
        assertThat(Micros.costOfTokens(1_000_000, new BigDecimal("5.00"))).isEqualTo(5_000_000);
        assertThat(Micros.costOfTokens(0, new BigDecimal("5.00"))).isZero();
    }

    @Test
    void backToUsdIsExact() {
        assertThat(Micros.toUsd(186)).isEqualByComparingTo("0.000186");
        assertThat(Micros.toUsd(500_000_000).toPlainString()).isEqualTo("500.000000");
    }

    @Test
    void rejectsNegativeAndOverflow() {
        assertThatThrownBy(() -> Micros.costFromUsd(new BigDecimal("-0.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Micros.costOfTokens(-1, BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Micros.costFromUsd(new BigDecimal("1e20"))).isInstanceOf(ArithmeticException.class);
    }
}
