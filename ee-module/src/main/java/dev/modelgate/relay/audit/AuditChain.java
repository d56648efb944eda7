package dev.modelgate.relay.audit;

import dev.modelgate.policy.decision.DecisionSigner;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The audit log's hash chain: how an entry's hash is made, and the check of a whole chain. */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /** Where a chain first fails, or valid. */
    public record Verdict(boolean valid, long entries, Long brokenAt, String reason) {
    }

    private AuditChain() {
    }

    static String hash(AuditEntry e) {
        // Lengths before each field: no two different entries can serialise to the same bytes.
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[]{e.prevHash(), Long.toString(e.seq()), Long.toString(e.at().toEpochMilli()), e.actor(),
                e.action(), e.subject(), e.detail()}) {
            canonical.append(field.length()).append(':').append(field).append(';');
        }
        return DecisionSigner.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Checks entries in sequence order: consecutive numbers from 1, each linked to the one before, each hash right. */
    public static Verdict verify(List<AuditEntry> entries) {
        String previous = GENESIS;
        long expectedSeq = 1;
        for (AuditEntry e : entries) {
            if (e.seq() != expectedSeq) {
                return new Verdict(false, entries.size(), expectedSeq, "entry " + expectedSeq + " is missing");
            }
            if (!e.prevHash().equals(previous)) {
                return new Verdict(false, entries.size(), e.seq(), "entry " + e.seq() + " does not follow the entry before it");
            }
            if (!hash(e).equals(e.hash())) {
                return new Verdict(false, entries.size(), e.seq(), "entry " + e.seq() + " was changed after it was written");
            }
            previous = e.hash();
            expectedSeq++;
        }
        return new Verdict(true, entries.size(), null, null);
    }
}
