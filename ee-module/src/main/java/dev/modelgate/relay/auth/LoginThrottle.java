package dev.modelgate.relay.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Slows down guessing of admin credentials, per source address and per account, with exponential backoff.
 * <ul>
 *   <li>A source address that keeps failing waits longer and longer before its next attempt is even checked,
 *       whatever account it names.</li>
 *   <li>An account that keeps failing waits likewise, but only for addresses that have failed themselves: a
 *       guesser spread over many addresses gets one try per address before the account's wait applies, and the
 *       account's owner, signing in from an address that has not failed, is never locked out by someone else's
 *       guessing. Other accounts are never touched.</li>
 * </ul>
 * A refused attempt (one that had to wait) is not checked and does not lengthen the wait. A success clears
 * nothing: otherwise whoever holds one account's password could clear their address between guesses at another's.
 * Both tables are bounded caches that forget an entry a while after its last failure.
 */
public final class LoginThrottle {

    /** Failures in a row and when the last one was. Immutable: a failure replaces it. */
    private record Failures(int count, Instant last) {
    }

    private final ThrottleSettings settings;
    private final Clock clock;
    private final Cache<String, Failures> byAddress;
    private final Cache<String, Failures> byAccount;

    public LoginThrottle(ThrottleSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.byAddress = table(settings, clock);
        this.byAccount = table(settings, clock);
    }

    private static Cache<String, Failures> table(ThrottleSettings settings, Clock clock) {
        return Caffeine.newBuilder().maximumSize(settings.entries()).expireAfterWrite(settings.forget())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /**
     * @param account the account the attempt names, or null when the credentials name none (a bearer token)
     * @return how long this attempt must wait before it may be checked; empty when it may be checked now
     */
    public Optional<Duration> waitFor(String address, String account) {
        Instant now = clock.instant();
        Failures fromAddress = byAddress.getIfPresent(address);
        Duration wait = remaining(fromAddress, now);
        if (fromAddress != null && account != null) {
            Duration accountWait = remaining(byAccount.getIfPresent(account), now);
            wait = accountWait.compareTo(wait) > 0 ? accountWait : wait;
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** Records a checked attempt that failed. */
    public void failed(String address, String account) {
        Instant now = clock.instant();
        byAddress.asMap().merge(address, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        if (account != null) {
            byAccount.asMap().merge(account, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        }
    }

    private Duration remaining(Failures failures, Instant now) {
        if (failures == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, failures.last().plus(settings.waitAfter(failures.count())));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
