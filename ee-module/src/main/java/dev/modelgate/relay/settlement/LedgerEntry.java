package dev.modelgate.relay.settlement;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/**
 * One side of an event's double entry: the team's account is debited (positive amount), the provider's
 * credited (negative), so that what teams are charged and what providers are owed always sum to zero.
 */
@Entity
@Table(name = "ledger_entry")
@IdClass(LedgerEntry.Key.class)
public class LedgerEntry {

    /** (request id, attempt, account). A class, as JPA id classes must be. */
    public static class Key implements Serializable {
        private String requestId;
        private int attempt;
        private String account;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.attempt == attempt && java.util.Objects.equals(k.requestId, requestId)
                    && java.util.Objects.equals(k.account, account);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(requestId, attempt, account);
        }
    }

    @Id
    @Column(name = "request_id")
    private String requestId;
    @Id
    private int attempt;
    @Id
    private String account;
    @Column(name = "amount_micros")
    private long amountMicros;
    @Column(name = "occurred_at")
    private Instant occurredAt;

    protected LedgerEntry() {
    }

    /** The account a team's spend is debited to. */
    static String teamAccount(String team) {
        return "team:" + (team == null ? "unknown" : team);
    }

    /** The account a provider's dues are credited to. */
    static String providerAccount(String provider) {
        return "provider:" + provider;
    }
}
