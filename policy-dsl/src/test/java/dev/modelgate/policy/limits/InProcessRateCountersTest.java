package dev.modelgate.policy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InProcessRateCountersTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final InProcessRateCounters counters = new InProcessRateCounters();

    private static LimitCheck rpm(String key, long limit) {
        return LimitCheck.requestsPerMinute(key, limit);
    }

    private static LimitCheck tpm(String key, long limit, long estimate) {
        return LimitCheck.tokensPerMinute(key, limit, estimate);
    }

    @Test
    void admitsUpToTheLimitThenDenies() {
        for (int i = 0; i < 3; i++) {
            assertThat(counters.tryAdmit(List.of(rpm("team:a", 3)), 1_000).allowed()).isTrue();
        }
        Admission denied = counters.tryAdmit(List.of(rpm("team:a", 3)), 1_000);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.failed()).isEqualTo(rpm("team:a", 3));
        assertThat(denied.ticket()).isNull();
        assertThat(counters.usage("team:a", LimitKind.REQUESTS, MINUTE, 1_000)).isEqualTo(3);
    }

    @Test
    void eventAtBucketStartExpiresExactlyAtWindowEnd() {
        assertThat(counters.tryAdmit(List.of(rpm("k", 1)), 0).allowed()).isTrue();
        Admission justBefore = counters.tryAdmit(List.of(rpm("k", 1)), 59_999);
        assertThat(justBefore.allowed()).isFalse();
        assertThat(justBefore.retryAfter()).isEqualTo(Duration.ofMillis(1));
        assertThat(counters.tryAdmit(List.of(rpm("k", 1)), 60_000).allowed()).isTrue();
    }

    @Test
    void eventInsideABucketExpiresAtMostOneBucketEarlyNeverLate() {
        assertThat(counters.tryAdmit(List.of(rpm("k", 1)), 10_700).allowed()).isTrue();
        // bucket [10s,11s) leaves the window at 70s: 300 ms before t + window, never after it
        assertThat(counters.tryAdmit(List.of(rpm("k", 1)), 69_999).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(rpm("k", 1)), 70_000).allowed()).isTrue();
    }

    @Test
    void bucketsRollOverOneByOneAndRetryAfterIsExact() {
        // 1 request in each of seconds 0..9 (limit 10), then the 11th at 9.5 s
        for (int s = 0; s < 10; s++) {
            assertThat(counters.tryAdmit(List.of(rpm("k", 10)), s * 1_000L + 200).allowed()).isTrue();
        }
        Admission denied = counters.tryAdmit(List.of(rpm("k", 10)), 9_500);
        assertThat(denied.allowed()).isFalse();
        // the bucket of second 0 leaves the window at 60 s
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(60_000 - 9_500));
        assertThat(denied.retryable()).isTrue();

        assertThat(counters.tryAdmit(List.of(rpm("k", 10)), 59_999).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(rpm("k", 10)), 60_000).allowed()).isTrue();
        // the slot freed at 60 s is taken again; the next frees at 61 s
        assertThat(counters.tryAdmit(List.of(rpm("k", 10)), 60_000).retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(counters.usage("k", LimitKind.REQUESTS, MINUTE, 60_000)).isEqualTo(10);
        assertThat(counters.usage("k", LimitKind.REQUESTS, MINUTE, 130_000)).isZero();
    }

    @Test
    void retryAfterWaitsUntilEnoughTokensFreeNotJustTheFirstBucket() {
        assertThat(counters.tryAdmit(List.of(tpm("k", 1_000, 100)), 0).allowed()).isTrue();
        assertThat(counters.tryAdmit(List.of(tpm("k", 1_000, 300)), 5_000).allowed()).isTrue();
        assertThat(counters.tryAdmit(List.of(tpm("k", 1_000, 500)), 20_000).allowed()).isTrue();
        // 900 used; 500 needed -> 400 must free: bucket 0 (100) is not enough, bucket 5 s (300) makes 400
        Admission denied = counters.tryAdmit(List.of(tpm("k", 1_000, 500)), 30_000);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(65_000 - 30_000));
        assertThat(counters.tryAdmit(List.of(tpm("k", 1_000, 500)), 64_999).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(tpm("k", 1_000, 500)), 65_000).allowed()).isTrue();
    }

    @Test
    void requestLargerThanTheLimitIsNotRetryable() {
        Admission denied = counters.tryAdmit(List.of(tpm("k", 1_000, 1_001)), 0);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryable()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(MINUTE);
    }

    @Test
    void multiCheckAdmissionRecordsNothingWhenAnyCheckFails() {
        List<LimitCheck> checks = List.of(rpm("team:a", 100), tpm("team:a", 1_000, 600), rpm("key:x", 100));
        assertThat(counters.tryAdmit(checks, 0).allowed()).isTrue();
        Admission denied = counters.tryAdmit(checks, 1_000);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.failed().kind()).isEqualTo(LimitKind.TOKENS);
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofMillis(59_000));
        // the passing REQUESTS checks must not have been recorded
        assertThat(counters.usage("team:a", LimitKind.REQUESTS, MINUTE, 1_000)).isEqualTo(1);
        assertThat(counters.usage("key:x", LimitKind.REQUESTS, MINUTE, 1_000)).isEqualTo(1);
        assertThat(counters.usage("team:a", LimitKind.TOKENS, MINUTE, 1_000)).isEqualTo(600);
    }

    @Test
    void deniedAnswerNamesTheCheckThatFreesUpLast() {
        assertThat(counters.tryAdmit(List.of(rpm("a", 1)), 0).allowed()).isTrue();
        assertThat(counters.tryAdmit(List.of(rpm("b", 1)), 30_000).allowed()).isTrue();
        Admission denied = counters.tryAdmit(List.of(rpm("a", 1), rpm("b", 1)), 40_000);
        assertThat(denied.failed().key()).isEqualTo("b");
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void sameCounterTwiceInOneAdmissionCountsBothAmounts() {
        List<LimitCheck> checks = List.of(rpm("k", 2), rpm("k", 5));
        assertThat(counters.tryAdmit(checks, 0).allowed()).isTrue();
        assertThat(counters.usage("k", LimitKind.REQUESTS, MINUTE, 0)).isEqualTo(2);
        Admission denied = counters.tryAdmit(checks, 0);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.failed().limit()).isEqualTo(2);
    }

    @Test
    void differentWindowsAreDifferentCounters() {
        LimitCheck perSecond = new LimitCheck("k", LimitKind.REQUESTS, 1, 1, Duration.ofSeconds(1));
        assertThat(counters.tryAdmit(List.of(perSecond, rpm("k", 10)), 0).allowed()).isTrue();
        assertThat(counters.tryAdmit(List.of(perSecond, rpm("k", 10)), 500).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(perSecond, rpm("k", 10)), 1_000).allowed()).isTrue();
        assertThat(counters.usage("k", LimitKind.REQUESTS, MINUTE, 1_000)).isEqualTo(2);
    }

    @Test
    void adjustReplacesTheEstimateWithTheActualCount() {
        Admission a = counters.tryAdmit(List.of(tpm("team:a", 1_000, 500), tpm("key:x", 2_000, 500), rpm("team:a", 9)), 0);
        counters.adjust(a.ticket(), 800, 2_000);
        assertThat(counters.usage("team:a", LimitKind.TOKENS, MINUTE, 2_000)).isEqualTo(800);
        assertThat(counters.usage("key:x", LimitKind.TOKENS, MINUTE, 2_000)).isEqualTo(800);
        assertThat(counters.usage("team:a", LimitKind.REQUESTS, MINUTE, 2_000)).isEqualTo(1);
        // the correction landed in the admission's bucket: it leaves the window with it
        assertThat(counters.usage("team:a", LimitKind.TOKENS, MINUTE, 60_000)).isZero();

        // adjusting again applies only the difference to the previous actual
        Admission b = counters.tryAdmit(List.of(tpm("team:a", 1_000, 100)), 70_000);
        counters.adjust(b.ticket(), 300, 71_000);
        counters.adjust(b.ticket(), 300, 71_000);
        assertThat(counters.usage("team:a", LimitKind.TOKENS, MINUTE, 71_000)).isEqualTo(300);
        counters.adjust(b.ticket(), 50, 72_000);
        assertThat(counters.usage("team:a", LimitKind.TOKENS, MINUTE, 72_000)).isEqualTo(50);
    }

    @Test
    void adjustNeverMakesACounterNegative() {
        Admission a = counters.tryAdmit(List.of(tpm("k", 1_000, 400)), 0);
        Admission b = counters.tryAdmit(List.of(tpm("k", 1_000, 100)), 30_000);
        // the first estimate slid out of the window: its refund must not eat into b's tokens
        counters.adjust(a.ticket(), 0, 61_000);
        assertThat(counters.usage("k", LimitKind.TOKENS, MINUTE, 61_000)).isEqualTo(100);
        counters.adjust(b.ticket(), 0, 61_000);
        assertThat(counters.usage("k", LimitKind.TOKENS, MINUTE, 61_000)).isZero();
        counters.adjust(b.ticket(), 0, 61_000);
        assertThat(counters.usage("k", LimitKind.TOKENS, MINUTE, 61_000)).isZero();
        assertThatThrownBy(() -> counters.adjust(b.ticket(), -1, 61_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extraUsageReportedAfterTheEstimateSlidOutStillCounts() {
        Admission a = counters.tryAdmit(List.of(tpm("k", 1_000, 100)), 0);
        // a long stream ends at 90 s with far more tokens than estimated
        counters.adjust(a.ticket(), 700, 90_000);
        assertThat(counters.usage("k", LimitKind.TOKENS, MINUTE, 90_000)).isEqualTo(600);
        Admission denied = counters.tryAdmit(List.of(tpm("k", 1_000, 500)), 90_000);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void overrunFromAdjustBlocksEvenZeroEstimates() {
        Admission a = counters.tryAdmit(List.of(tpm("k", 100, 50)), 0);
        counters.adjust(a.ticket(), 150, 1_000);
        assertThat(counters.tryAdmit(List.of(tpm("k", 100, 0)), 1_000).allowed()).isFalse();
    }

    @Test
    void idleCountersAreEvictedAndBusyOnesKept() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(counters.tryAdmit(List.of(rpm("key:" + i, 5)), 0).allowed()).isTrue();
        }
        assertThat(counters.tryAdmit(List.of(rpm("key:busy", 5)), 50_000).allowed()).isTrue();
        assertThat(counters.trackedCounters()).isEqualTo(1_001);
        assertThat(counters.evictIdle(59_999)).isZero();
        assertThat(counters.evictIdle(60_000)).isEqualTo(1_000);
        assertThat(counters.trackedCounters()).isEqualTo(1);
        assertThat(counters.usage("key:busy", LimitKind.REQUESTS, MINUTE, 60_000)).isEqualTo(1);
        // an evicted key starts from zero
        assertThat(counters.tryAdmit(List.of(rpm("key:1", 1)), 60_000).allowed()).isTrue();
    }

    @Test
    void requestsSweepIdleCountersInline() {
        InProcessRateCounters sweeping = new InProcessRateCounters(60, 10_000);
        for (int i = 0; i < 100; i++) sweeping.tryAdmit(List.of(rpm("key:" + i, 5)), 0);
        sweeping.tryAdmit(List.of(rpm("other", 5)), 59_000);
        assertThat(sweeping.trackedCounters()).isEqualTo(101);
        // the sweep due at 10 s ran at 59 s, when nothing was idle yet; the next is due at 69 s
        sweeping.tryAdmit(List.of(rpm("other", 5)), 68_999);
        assertThat(sweeping.trackedCounters()).isEqualTo(101);
        sweeping.tryAdmit(List.of(rpm("other", 5)), 69_000);
        assertThat(sweeping.trackedCounters()).isEqualTo(1);
    }

    @Test
    void admissionRetriesWhenItsCounterIsEvictedBeforeItLocksIt() {
        java.util.concurrent.atomic.AtomicReference<InProcessRateCounters> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicInteger evictions = new java.util.concurrent.atomic.AtomicInteger();
        // the freshly created counter is still empty, hence idle, when the sweep hits it;
        // only the first attempt is raced, so the retry can succeed
        java.util.concurrent.atomic.AtomicBoolean raced = new java.util.concurrent.atomic.AtomicBoolean();
        InProcessRateCounters racing = new InProcessRateCounters(60, Long.MAX_VALUE, () -> {
            if (raced.compareAndSet(false, true)) evictions.addAndGet(self.get().evictIdle(0));
        });
        self.set(racing);
        assertThat(racing.tryAdmit(List.of(rpm("k", 1)), 0).allowed()).isTrue();
        assertThat(evictions.get()).isEqualTo(1);
        assertThat(racing.usage("k", LimitKind.REQUESTS, MINUTE, 0)).isEqualTo(1);
        assertThat(racing.tryAdmit(List.of(rpm("k", 1)), 0).allowed()).isFalse();
    }

    @Test
    void bucketLengthDividesTheWindowWhenPossible() {
        assertThat(SlidingWindowCounter.bucketMillisFor(60_000, 60)).isEqualTo(1_000);
        assertThat(SlidingWindowCounter.bucketMillisFor(3_600_000, 60)).isEqualTo(60_000);
        assertThat(SlidingWindowCounter.bucketMillisFor(7, 60)).isEqualTo(1);
        // 60001 = 29 * 2069: no divisor near 1 s, so the ring rounds up (61 buckets)
        assertThat(SlidingWindowCounter.bucketMillisFor(60_001, 60)).isEqualTo(1_000);
    }

    @Test
    void windowWithoutAGoodDivisorErrsOnTheStrictSide() {
        LimitCheck odd = new LimitCheck("k", LimitKind.REQUESTS, 1, 1, Duration.ofMillis(60_001));
        assertThat(counters.tryAdmit(List.of(odd), 0).allowed()).isTrue();
        assertThat(counters.tryAdmit(List.of(odd), 60_000).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(odd), 60_999).allowed()).isFalse();
        assertThat(counters.tryAdmit(List.of(odd), 61_000).allowed()).isTrue();
    }

    @Test
    void rejectsInvalidChecks() {
        assertThatThrownBy(() -> new LimitCheck("k", LimitKind.TOKENS, 10, -1, MINUTE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitCheck("k", LimitKind.TOKENS, -1, 1, MINUTE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LimitCheck("k", LimitKind.TOKENS, 1, 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
