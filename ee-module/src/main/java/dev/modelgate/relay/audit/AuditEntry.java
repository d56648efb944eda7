package dev.modelgate.relay.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One administrative action: who did what to which subject, chained to the entry before it. */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    private long seq;
    private Instant at;
    private String actor;
    private String action;
    private String subject;
    private String detail;
    @Column(name = "prev_hash")
    private String prevHash;
    private String hash;

    protected AuditEntry() {
    }

    AuditEntry(long seq, Instant at, String actor, String action, String subject, String detail, String prevHash) {
        this.seq = seq;
        this.at = at;
        this.actor = actor;
        this.action = action;
        this.subject = subject;
        this.detail = detail;
        this.prevHash = prevHash;
        this.hash = AuditChain.hash(this);
    }

    public long seq() {
        return seq;
    }

    public Instant at() {
        return at;
    }

    public String actor() {
        return actor;
    }

    public String action() {
        return action;
    }

    public String subject() {
        return subject;
    }

    public String detail() {
        return detail;
    }

    public String prevHash() {
        return prevHash;
    }

    public String hash() {
        return hash;
    }
}
