package dev.modelgate.relay.auth;

/**
 * Who may use the admin API. {@code ADMIN} may do everything; {@code FINANCE} reads budgets, the ledger and
 * the reports; {@code INGEST} is a gateway node's: it posts usage and reads the health and budget feeds.
 */
public enum AdminRole {
    ADMIN, FINANCE, INGEST
}
