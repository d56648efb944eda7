package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.AdminPrincipal;
import dev.modelgate.relay.auth.AdminRole;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.modelgate.relay.api.AdminPermissions.Reach.ALL;
import static dev.modelgate.relay.api.AdminPermissions.Reach.NONE;
import static dev.modelgate.relay.api.AdminPermissions.Reach.OWN_TEAMS;
import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    private static final AdminPrincipal ADMIN = AdminPrincipal.of("admin", AdminRole.ADMIN, "password");
    private static final AdminPrincipal FINANCE = AdminPrincipal.of("finance", AdminRole.FINANCE, "password");
    private static final AdminPrincipal AUDITOR = AdminPrincipal.of("ann", AdminRole.AUDITOR, "oidc");
    private static final AdminPrincipal INGEST = AdminPrincipal.of("ingest", AdminRole.INGEST, "token");
    private static final AdminPrincipal RED = new AdminPrincipal("rod", Set.of(AdminRole.TEAM_ADMIN), Set.of("red"), "oidc");

    @Test
    void extraLeadingSlashesDoNotHideAnAdminPath() {
        assertThat(AdminAccess.normalised("admin/usage")).isEqualTo("/admin/usage");
        assertThat(AdminAccess.normalised("///admin/credentials")).isEqualTo("/admin/credentials");
        assertThat(AdminAccess.normalised("/v1/chat/completions")).isEqualTo("/v1/chat/completions");
        assertThat(AdminAccess.normalised("")).isEqualTo("/");
        assertThat(AdminAccess.isAdmin("/adminx")).as("closed too: nothing may slip past by its spelling").isTrue();
    }

    @Test
    void financeReadsReportsButWritesNothing() {
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/usage")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/usage/statement")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/budgets")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(FINANCE, "POST", "/admin/credentials")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/credentials")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(AUDITOR, "GET", "/admin/credentials")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(FINANCE, "POST", "/admin/usage/events")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/audit")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(INGEST, "POST", "/admin/usage/events")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(INGEST, "GET", "/admin/usage/events")).as("the feed's other methods are the admin's").isEqualTo(NONE);
    }

    @Test
    void auditorsReadTheChainAndTheLedgerOnly() {
        assertThat(AdminPermissions.reach(AUDITOR, "GET", "/admin/audit")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(AUDITOR, "GET", "/admin/audit/verify")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(AUDITOR, "GET", "/admin/ledger/reconcile")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(AUDITOR, "GET", "/admin/usage")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(AUDITOR, "DELETE", "/admin/keys/k1")).isEqualTo(NONE);
    }

    @Test
    void teamAdminsReachTheirOwnTeamsKeysAndUsageOnly() {
        assertThat(AdminPermissions.reach(RED, "POST", "/admin/keys")).isEqualTo(OWN_TEAMS);
        assertThat(AdminPermissions.reach(RED, "DELETE", "/admin/keys/k1")).isEqualTo(OWN_TEAMS);
        assertThat(AdminPermissions.reach(RED, "GET", "/admin/usage")).isEqualTo(OWN_TEAMS);
        assertThat(AdminPermissions.reach(RED, "GET", "/admin/usage/rankings")).as("rankings span every team").isEqualTo(NONE);
        assertThat(AdminPermissions.reach(RED, "GET", "/admin/budgets")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(RED, "PUT", "/admin/credentials/openai")).isEqualTo(NONE);
        assertThat(RED.manages("red")).isTrue();
        assertThat(RED.manages("blue")).isFalse();
        assertThat(RED.manages(null)).isFalse();
        assertThat(ADMIN.manages("blue")).isTrue();
    }

    @Test
    void theConsoleReadsWhatEachRoleMayAndOnlyAnAdminReloadsThePolicy() {
        for (AdminPrincipal person : new AdminPrincipal[]{ADMIN, FINANCE, AUDITOR}) {
            assertThat(AdminPermissions.reach(person, "POST", "/admin/console/session")).isEqualTo(ALL);
            assertThat(AdminPermissions.reach(person, "GET", "/admin/requests")).isEqualTo(ALL);
            assertThat(AdminPermissions.reach(person, "GET", "/admin/policy")).isEqualTo(ALL);
            assertThat(AdminPermissions.reach(person, "POST", "/admin/policy/explain")).isEqualTo(ALL);
        }
        assertThat(AdminPermissions.reach(RED, "POST", "/admin/console/session")).isEqualTo(OWN_TEAMS);
        assertThat(AdminPermissions.reach(RED, "GET", "/admin/requests/req-1")).as("the resource hides other teams' requests").isEqualTo(OWN_TEAMS);
        assertThat(AdminPermissions.reach(RED, "GET", "/admin/policy")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(INGEST, "POST", "/admin/console/session")).as("a gateway node has no console").isEqualTo(NONE);
        assertThat(AdminPermissions.reach(FINANCE, "POST", "/admin/policy/reload")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(AUDITOR, "POST", "/admin/policy/reload")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(ADMIN, "POST", "/admin/policy/reload")).isEqualTo(ALL);
    }

    @Test
    void whatNoRuleNamesIsTheAdminsAlone() {
        assertThat(AdminPermissions.reach(ADMIN, "PUT", "/admin/credentials/openai")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(ADMIN, "GET", "/admin/something-new")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/something-new")).isEqualTo(NONE);
        assertThat(AdminPermissions.reach(FINANCE, "GET", "/admin/usages")).as("prefixes match whole segments").isEqualTo(NONE);
        assertThat(AdminPermissions.roles("GET", "/admin/keys")).containsExactlyInAnyOrder(AdminRole.ADMIN, AdminRole.TEAM_ADMIN);
    }

    @Test
    void severalRolesReachAsFarAsTheWidest() {
        AdminPrincipal both = new AdminPrincipal("fay", Set.of(AdminRole.FINANCE, AdminRole.TEAM_ADMIN), Set.of("red"), "oidc");
        assertThat(AdminPermissions.reach(both, "GET", "/admin/usage")).isEqualTo(ALL);
        assertThat(AdminPermissions.reach(both, "POST", "/admin/keys")).isEqualTo(OWN_TEAMS);
    }
}
