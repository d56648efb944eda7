package dev.modelgate.relay.auth;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is calling the admin API, once proven.
 *
 * @param name   the account: {@code admin}, {@code finance}, {@code ingest}, or the identity provider's user name
 * @param roles  every role the credentials prove (a token's groups can give several)
 * @param teams  the teams a team admin manages (empty for the other roles)
 * @param method how it signed in: {@code password}, {@code token} (the ingest token) or {@code oidc}
 */
public record AdminPrincipal(String name, Set<AdminRole> roles, Set<String> teams, String method) {

    public AdminPrincipal {
        roles = Set.copyOf(roles);
        teams = Set.copyOf(teams);
    }

    public static AdminPrincipal of(String name, AdminRole role, String method) {
        return new AdminPrincipal(name, Set.of(role), Set.of(), method);
    }

    public boolean has(AdminRole role) {
        return roles.contains(role);
    }

    /** Whether this caller may act on the team's keys and usage: an admin on every team, a team admin on its own. */
    public boolean manages(String team) {
        return has(AdminRole.ADMIN) || (has(AdminRole.TEAM_ADMIN) && team != null && teams.contains(team));
    }

    /** Who, for the audit log: the account, marked {@code oidc:} for a person signed in through the identity provider. */
    public String actor() {
        return "oidc".equals(method) ? "oidc:" + name : name;
    }

    /** The roles for messages and the audit log: {@code admin}, {@code finance+auditor}. */
    public String roleLabels() {
        return roles.stream().map(AdminRole::label).sorted().collect(Collectors.joining("+"));
    }
}
