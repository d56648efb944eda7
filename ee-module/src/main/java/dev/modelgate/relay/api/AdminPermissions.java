package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.modelgate.relay.auth.AdminRole.ADMIN;
import static dev.modelgate.relay.auth.AdminRole.AUDITOR;
import static dev.modelgate.relay.auth.AdminRole.FINANCE;
import static dev.modelgate.relay.auth.AdminRole.INGEST;

/**
 * Which role may call which admin endpoint: the one place that says so. Rules are tried in order, the first
 * whose method and path match decides; a path matches its own prefix segment by segment ({@code /admin/usage}
 * covers {@code /admin/usage/statement}, not {@code /admin/usages}). Whatever no rule names is the admin's alone.
 * A team admin's rules are scoped to its own teams: the filter checks a report's {@code team}, the keys
 * resource the key's team.
 */
final class AdminPermissions {

    /** How far a permission reaches. */
    enum Reach {
        /** Not allowed. */
        NONE,
        /** Only the caller's own teams (a team admin): the team the request is about must be one of them. */
        OWN_TEAMS,
        /** Everything the endpoint serves. */
        ALL
    }

    private record Rule(String method, String path, Set<AdminRole> roles, boolean teamAdmins) {
        boolean matches(String m, String p) {
            return ("*".equals(method) || method.equals(m)) && (p.equals(path) || p.startsWith(path + "/"));
        }
    }

    private static final List<Rule> RULES = List.of(
            // The operator console's session: any person who may read something there signs in (never a gateway node).
            teamRule("*", "/admin/console", ADMIN, FINANCE, AUDITOR),
            // Gateway nodes' feeds.
            rule("GET", "/admin/providers/health", ADMIN, FINANCE, INGEST),
            rule("GET", "/admin/budgets", ADMIN, FINANCE, INGEST),
            rule("POST", "/admin/usage/events", ADMIN, INGEST),
            rule("*", "/admin/usage/events", ADMIN),
            // Recent requests and their traces: a team admin its own teams' (the resource scopes a single request).
            teamRule("GET", "/admin/requests", ADMIN, FINANCE, AUDITOR),
            // The policy in force and its explanation of a request (which changes nothing) are read by all but gateways.
            rule("GET", "/admin/policy", ADMIN, FINANCE, AUDITOR),
            rule("POST", "/admin/policy/explain", ADMIN, FINANCE, AUDITOR),
            // Money: reports, budgets and the ledger read by finance; a team admin reads its own teams' usage.
            rule("GET", "/admin/usage/rankings", ADMIN, FINANCE),
            teamRule("GET", "/admin/usage", ADMIN, FINANCE),
            rule("GET", "/admin/ledger", ADMIN, FINANCE, AUDITOR),
            // Which provider credentials exist and when they were rotated (never a value): finance sees what is paid for.
            rule("GET", "/admin/credentials", ADMIN, FINANCE),
            // The audit chain, read by auditors.
            rule("GET", "/admin/audit", ADMIN, AUDITOR),
            // Keys: a team admin lists, issues and revokes its own teams'.
            teamRule("GET", "/admin/keys", ADMIN),
            teamRule("POST", "/admin/keys", ADMIN),
            teamRule("DELETE", "/admin/keys", ADMIN));

    private AdminPermissions() {
    }

    private static Rule rule(String method, String path, AdminRole... roles) {
        return new Rule(method, path, EnumSet.copyOf(List.of(roles)), false);
    }

    private static Rule teamRule(String method, String path, AdminRole... roles) {
        return new Rule(method, path, EnumSet.copyOf(List.of(roles)), true);
    }

    /** How far the caller's roles reach on this method and (normalised) path. */
    static Reach reach(AdminPrincipal caller, String method, String path) {
        for (Rule rule : RULES) {
            if (rule.matches(method, path)) {
                if (caller.roles().stream().anyMatch(rule.roles()::contains)) {
                    return Reach.ALL;
                }
                return rule.teamAdmins() && caller.has(AdminRole.TEAM_ADMIN) ? Reach.OWN_TEAMS : Reach.NONE;
            }
        }
        return caller.has(ADMIN) ? Reach.ALL : Reach.NONE;
    }

    /** The roles that may call it at all, team admins included: for the refusal's message. */
    static Set<AdminRole> roles(String method, String path) {
        for (Rule rule : RULES) {
            if (rule.matches(method, path)) {
                Set<AdminRole> roles = EnumSet.copyOf(rule.roles());
                if (rule.teamAdmins()) {
                    roles.add(AdminRole.TEAM_ADMIN);
                }
                return roles;
            }
        }
        return EnumSet.of(ADMIN);
    }
}
