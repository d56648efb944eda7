package dev.modelgate.relay.auth;

import dev.modelgate.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final ThrottleSettings settings = ThrottleSettings.defaults();
    private final LoginThrottle throttle = new LoginThrottle(settings, clock);

    private void fail(String address, String account, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.waitFor(address, account)).as("attempt %d is checked", i + 1).isEmpty();
            throttle.failed(address, account);
        }
    }

    @Test
    void theFreeAttemptsAreCheckedThenTheAddressWaits() {
        fail("10.0.0.1", "admin", settings.free());
        assertThat(throttle.waitFor("10.0.0.1", "admin")).isPresent();
        assertThat(throttle.waitFor("10.0.0.1", "finance")).as("the address waits whatever account it names").isPresent();
        assertThat(throttle.waitFor("10.0.0.1", null)).as("and for a bearer token too").isPresent();

        clock.advance(throttle.waitFor("10.0.0.1", "admin").orElseThrow());
        assertThat(throttle.waitFor("10.0.0.1", "admin")).as("once the wait is over, one more check").isEmpty();
        throttle.failed("10.0.0.1", "admin");
        assertThat(throttle.waitFor("10.0.0.1", "admin")).as("and a failure waits again").isPresent();
    }

    @Test
    void eachFurtherFailureDoublesTheWaitUpToTheMaximum() {
        assertThat(settings.waitAfter(settings.free() - 1)).isZero();
        assertThat(settings.waitAfter(settings.free())).isEqualTo(settings.base());
        assertThat(settings.waitAfter(settings.free() + 1)).isEqualTo(settings.base().multipliedBy(2));
        assertThat(settings.waitAfter(settings.free() + 2)).isEqualTo(settings.base().multipliedBy(4));
        assertThat(settings.waitAfter(settings.free() + 40)).isEqualTo(settings.max());
        assertThat(settings.waitAfter(Integer.MAX_VALUE)).isEqualTo(settings.max());
    }

    @Test
    void attemptsThatHadToWaitDoNotLengthenTheWait() {
        fail("10.0.0.1", "admin", settings.free());
        Duration wait = throttle.waitFor("10.0.0.1", "admin").orElseThrow();
        // A refused attempt is not checked, so the caller does not call failed(): the wait only runs down.
        clock.advance(wait.dividedBy(2));
        assertThat(throttle.waitFor("10.0.0.1", "admin").orElseThrow()).isLessThan(wait);
    }

    @Test
    void theAccountsOwnerFromAnotherAddressIsNeverLockedOut() {
        fail("10.0.0.1", "admin", settings.free());
        for (int a = 2; a <= 20; a++) { // a guesser spread over many addresses, one try each
            fail("10.0.0." + a, "admin", 1);
        }
        assertThat(throttle.waitFor("10.0.0.1", "admin")).isPresent();
        assertThat(throttle.waitFor("10.0.0.2", "admin")).as("an address that failed waits for the attacked account").isPresent();
        assertThat(throttle.waitFor("192.168.1.5", "admin")).as("an address that never failed is checked").isEmpty();
    }

    @Test
    void lockingOutOneAccountLeavesTheOthersAlone() {
        fail("10.0.0.1", "admin", settings.free());
        fail("10.0.0.2", "admin", 1);
        assertThat(throttle.waitFor("10.0.0.2", "admin")).isPresent();
        assertThat(throttle.waitFor("10.0.0.2", "finance")).as("another account, from an address under its own free attempts").isEmpty();
        assertThat(throttle.waitFor("10.0.0.3", "finance")).isEmpty();
    }

    @Test
    void failuresAreForgottenAWhileAfterTheLast() {
        fail("10.0.0.1", "admin", settings.free());
        clock.advance(settings.forget().plusSeconds(1));
        fail("10.0.0.1", "admin", settings.free() - 1);
        assertThat(throttle.waitFor("10.0.0.1", "admin")).as("counted afresh").isEmpty();
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new ThrottleSettings(0, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5), 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThrottleSettings(5, Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(5), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
