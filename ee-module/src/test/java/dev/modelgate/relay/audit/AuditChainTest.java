package dev.modelgate.relay.audit;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit chain finds a changed, a removed and a reordered entry, and names where. */
class AuditChainTest {

    static List<AuditEntry> chain(int n) {
        List<AuditEntry> entries = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int i = 1; i <= n; i++) {
            AuditEntry e = new AuditEntry(i, Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i), "admin", "budget.changed",
                    "team:search", "monthly " + (1000 * i) + " USD", previous);
            entries.add(e);
            previous = e.hash();
        }
        return entries;
    }

    @Test
    void anUntouchedChainIsValid() {
        AuditChain.Verdict v = AuditChain.verify(chain(5));
        assertThat(v.valid()).isTrue();
        assertThat(v.entries()).isEqualTo(5);
    }

    @Test
    void aChangedEntryIsFound() throws Exception {
        List<AuditEntry> entries = chain(5);
        Field detail = AuditEntry.class.getDeclaredField("detail");
        detail.setAccessible(true);
        detail.set(entries.get(2), "monthly 999999 USD");
        AuditChain.Verdict v = AuditChain.verify(entries);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(3);
        assertThat(v.reason()).contains("changed");
    }

    @Test
    void aRemovedOrReorderedEntryIsFound() {
        List<AuditEntry> removed = chain(5);
        removed.remove(1);
        assertThat(AuditChain.verify(removed).brokenAt()).isEqualTo(2);

        List<AuditEntry> reordered = chain(5);
        AuditEntry third = reordered.remove(2);
        reordered.add(1, third);
        assertThat(AuditChain.verify(reordered).valid()).isFalse();
    }

    @Test
    void aRewrittenTailWithFreshHashesStillBreaksAtTheSeam() {
        List<AuditEntry> entries = chain(4);
        // An attacker rewrites entry 3 and recomputes its hash, but entry 4 still names the old one.
        AuditEntry forged = new AuditEntry(3, entries.get(2).at(), "admin", "budget.changed", "team:search", "monthly 1 USD",
                entries.get(1).hash());
        entries.set(2, forged);
        AuditChain.Verdict v = AuditChain.verify(entries);
        assertThat(v.valid()).isFalse();
        assertThat(v.brokenAt()).isEqualTo(4);
    }
}
