package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admins signing in with their identity provider's tokens on the real relay: tokens signed by the test provider's
 * key, its JWKS served over HTTP ({@link TestIdentityProvider}). Every role against every admin endpoint: allowed,
 * refused with OpenAI's 403, and a team admin refused on another team's keys and usage. Bad tokens are a 401 and
 * on record in the audit chain, without the token; every answer carries the security headers.
 */
class AdminSignInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestIdentityProvider IDP = TestIdentityProvider.get();

    private static final String ADMIN = "Bearer " + IDP.token("it-admin", List.of("admin"), List.of());
    private static final String FINANCE = "Bearer " + IDP.token("it-finance", List.of("finance"), List.of());
    private static final String AUDITOR = "Bearer " + IDP.token("it-auditor", List.of("auditor"), List.of());
    private static final String RED = "Bearer " + IDP.token("it-red-lead", List.of("team-admin", "staff"), List.of("sso-red"));
    private static final String BLUE = "Bearer " + IDP.token("it-blue-lead", List.of("team-admin"), List.of("sso-blue"));

    /**
     * An admin endpoint, who may call it and which team admin is refused as not its team ({@code red} manages
     * sso-red, the team these calls are about; {@code blue} manages sso-blue). Everyone else is refused for the role.
     */
    private record Endpoint(String method, String path, String body, Set<String> allowed, Set<String> otherTeam) {
    }

    private static Endpoint of(String method, String path, String body, String... allowed) {
        return new Endpoint(method, path, body, Set.of(allowed), Set.of());
    }

    private static List<Endpoint> endpoints() {
        Set<String> blue = Set.of("blue");
        return List.of(
                new Endpoint("GET", "/admin/usage?team=sso-red", null, Set.of("admin", "finance", "red"), blue),
                new Endpoint("GET", "/admin/usage/statement?team=sso-red", null, Set.of("admin", "finance", "red"), blue),
                of("GET", "/admin/usage/rankings", null, "admin", "finance"),
                of("GET", "/admin/budgets", null, "admin", "finance"),
                of("GET", "/admin/providers/health", null, "admin", "finance"),
                of("GET", "/admin/ledger/reconcile", null, "admin", "finance", "auditor"),
                of("GET", "/admin/audit", null, "admin", "auditor"),
                of("GET", "/admin/audit/verify", null, "admin", "auditor"),
                // Each team admin lists its own team's keys (what it sees: aTeamAdminSeesAndTouchesOnlyItsOwnTeam).
                of("GET", "/admin/keys", null, "admin", "red", "blue"),
                new Endpoint("POST", "/admin/keys", "{\"key_id\":\"sso-red-app\"}", Set.of("admin", "red"), blue),
                new Endpoint("DELETE", "/admin/keys/{red-key}", null, Set.of("admin", "red"), blue),
                of("GET", "/admin/credentials", null, "admin", "finance"),
                of("POST", "/admin/usage/events", "{\"events\":[]}", "admin"));
    }

    private static Map<String, String> callers() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("admin", ADMIN);
        callers.put("finance", FINANCE);
        callers.put("auditor", AUDITOR);
        callers.put("red", RED);
        callers.put("blue", BLUE);
        return callers;
    }

    private static HttpResponse<String> call(String method, String path, String authorization, String body) throws Exception {
        return AdminHttp.send(method, path, authorization, body, null);
    }

    /** A fresh key of team sso-red, issued by the static admin password, for one revocation. */
    private static String redKey() throws Exception {
        HttpResponse<String> issued = call("POST", "/admin/keys", RelayIT.ADMIN, "{\"key_id\":\"sso-red-app\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        return JSON.readTree(issued.body()).path("id").asText();
    }

    @Test
    void everyRoleAgainstEveryAdminEndpoint() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Endpoint e : endpoints()) {
            for (Map.Entry<String, String> caller : callers().entrySet()) {
                String path = e.path().replace("{red-key}", e.path().contains("{red-key}") ? redKey() : "");
                HttpResponse<String> answer = call(e.method(), path, caller.getValue(), e.body());
                String got = answer.statusCode() + " " + JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body()).path("error").path("code").asText();
                boolean allowed = e.allowed().contains(caller.getKey());
                String expected = allowed ? "2xx" : e.otherTeam().contains(caller.getKey()) ? "403 team_forbidden" : "403 admin_role_forbidden";
                boolean ok = allowed ? answer.statusCode() / 100 == 2 : got.equals(expected);
                ok &= answer.headers().firstValue("x-request-id").isPresent();
                if (!allowed && answer.statusCode() == 403) {
                    JsonNode error = JSON.readTree(answer.body()).path("error");
                    ok &= error.path("type").asText().equals("permission_error") && !error.path("message").asText().isEmpty();
                }
                if (!ok) {
                    wrong.add(caller.getKey() + " " + e.method() + " " + path + ": expected " + expected + ", got " + got + " " + answer.body());
                }
            }
        }
        assertThat(wrong).as("role x endpoint").isEmpty();
    }

    @Test
    void aTeamAdminSeesAndTouchesOnlyItsOwnTeam() throws Exception {
        String redKey = redKey();
        HttpResponse<String> blueKey = call("POST", "/admin/keys", BLUE, "{\"key_id\":\"sso-blue-app\"}");
        assertThat(blueKey.statusCode()).as(blueKey.body()).isEqualTo(201);
        assertThat(JSON.readTree(blueKey.body()).path("key").asText()).startsWith("sk-mg-");

        JsonNode listed = JSON.readTree(call("GET", "/admin/keys", BLUE, null).body()).path("keys");
        assertThat(listed.findValuesAsText("key_id")).isNotEmpty().containsOnly("sso-blue-app");
        assertThat(listed.findValuesAsText("id")).doesNotContain(redKey);

        HttpResponse<String> revoke = call("DELETE", "/admin/keys/" + redKey, BLUE, null);
        assertThat(revoke.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(revoke.body()).path("error").path("code").asText()).isEqualTo("team_forbidden");
        assertThat(call("GET", "/admin/usage", BLUE, null).statusCode()).as("a team admin names its team").isEqualTo(403);
        assertThat(call("GET", "/admin/usage?team=sso-blue&group_by=key", BLUE, null).statusCode()).isEqualTo(200);

        // Its issue is on record under its own name, from where it came.
        JsonNode issued = JSON.readTree(call("GET", "/admin/audit?action=key.issued&limit=20", RelayIT.ADMIN, null).body()).path("entries");
        assertThat(issued.findValuesAsText("actor")).contains("oidc:it-blue-lead");
    }

    @Test
    void theStaticAdminPasswordStillActsAsAdmin() throws Exception {
        assertThat(call("GET", "/admin/audit/verify", RelayIT.ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/admin/credentials", RelayIT.ADMIN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void badTokensAreRefusedAndOnRecordWithoutTheToken() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("192.0.2.11", IDP.expired("it-admin", List.of("admin")));
        bad.put("192.0.2.12", IDP.forOtherAudience("it-admin", List.of("admin")));
        bad.put("192.0.2.13", IDP.fromOtherIssuer("it-admin", List.of("admin")));
        bad.put("192.0.2.14", IDP.forged("it-admin", List.of("admin")));
        bad.put("192.0.2.15", IDP.token("it-staff", List.of("staff"), List.of()));
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> answer = AdminHttp.send("GET", "/admin/audit", "Bearer " + b.getValue(), null, b.getKey());
            assertThat(answer.statusCode()).as(b.getKey() + " " + answer.body()).isEqualTo(401);
            JsonNode error = JSON.readTree(answer.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(answer.body()).doesNotContain(b.getValue());
            assertThat(answer.headers().firstValue("x-request-id")).isPresent();
        }

        String audit = call("GET", "/admin/audit?action=admin.login.failed&limit=200", RelayIT.ADMIN, null).body();
        for (Map.Entry<String, String> b : bad.entrySet()) {
            assertThat(audit).contains("from " + b.getKey() + "; oidc: ").doesNotContain(b.getValue())
                    .doesNotContain(b.getValue().substring(b.getValue().lastIndexOf('.') + 1));
        }
        assertThat(audit).contains("Expired JWT").contains("aud claim rejected");
    }

    @Test
    void successfulCallsAreOnRecordWithWhoWhatAndWhere() throws Exception {
        assertThat(call("GET", "/admin/ledger/reconcile", AUDITOR, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/admin/keys", AUDITOR, null).statusCode()).isEqualTo(403);
        JsonNode entries = JSON.readTree(call("GET", "/admin/audit?action=admin.request&limit=50", RelayIT.ADMIN, null).body()).path("entries");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("oidc:it-auditor");
            assertThat(e.path("subject").asText()).isEqualTo("GET /admin/ledger/reconcile");
            assertThat(e.path("detail").asText()).contains("as auditor (signed in by oidc) from 127.0.0.1").contains("status 200");
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("subject").asText()).isEqualTo("GET /admin/keys");
            assertThat(e.path("detail").asText()).contains("as auditor").contains("status 403");
        });
    }

    @Test
    void adminAnswersAreNeverCachedFramedOrSniffed() throws Exception {
        List<HttpResponse<String>> answers = List.of(
                call("GET", "/admin/budgets", ADMIN, null),                                   // 200
                AdminHttp.send("GET", "/admin/budgets", "Bearer not-a-token", null, "192.0.2.21"), // 401
                call("GET", "/admin/audit", FINANCE, null),                                     // 403
                call("GET", "/admin/no-such-endpoint", ADMIN, null));                           // 404
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 403, 404);
        assertThat(call("GET", "/admin/no-such-endpoint", null, null).statusCode()).as("signed in before it is looked up").isEqualTo(401);
        for (HttpResponse<String> a : answers) {
            assertThat(a.headers().firstValue("cache-control")).hasValue("no-store");
            assertThat(a.headers().firstValue("x-frame-options")).hasValue("DENY");
            assertThat(a.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            assertThat(a.headers().firstValue("content-security-policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
        }
    }
}
