package dev.modelgate.relay.auth;

import java.util.Locale;

/**
 * Who may use the admin API. {@code ADMIN} may do everything; {@code FINANCE} reads reports, budgets and the
 * ledger; {@code AUDITOR} reads the audit chain and the ledger; {@code TEAM_ADMIN} issues and revokes its own
 * teams' keys and reads their usage; {@code INGEST} is a gateway node's: it posts usage and reads the health and
 * budget feeds. What each may call is in {@code dev.modelgate.relay.api.AdminPermissions}.
 */
public enum AdminRole {
    ADMIN, FINANCE, AUDITOR, TEAM_ADMIN, INGEST;

    /** The role's name in configuration, in answers and in the audit log: {@code team-admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
