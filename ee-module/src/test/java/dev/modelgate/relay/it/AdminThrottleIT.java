package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing admin passwords on the real relay. The source addresses are claimed through X-Forwarded-For, which the
 * test relay honours from loopback (its trusted proxy): 1,000 wrong passwords for the finance account from one
 * address are slowed to a 429 with Retry-After after the free attempts (no other test fails a finance sign-in,
 * so all five are this test's), every one of them is in the audit chain
 * (never the password), and the right password from another address still works; so does another account from an
 * address that failed once, while the attacked account waits there.
 */
class AdminThrottleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FINANCE_PASSWORD = System.getProperty("modelgate.it.finance", "it-finance-password");
    private static final String ATTACKER = "198.51.100.7";

    @Test
    void aThousandWrongPasswordsAreThrottledAndOnRecordAndTheOwnerStillGetsIn() throws Exception {
        int refused = 0;
        int throttled = 0;
        List<String> other = new ArrayList<>();
        HttpResponse<String> firstThrottled = null;
        for (int i = 0; i < 1000; i++) {
            HttpResponse<String> answer = AdminHttp.send("GET", "/admin/usage", RelayIT.basic("finance", "guess-" + i + "-x"), null, ATTACKER);
            if (answer.statusCode() == 401) {
                refused++;
            } else if (answer.statusCode() == 429) {
                throttled++;
                if (firstThrottled == null) {
                    firstThrottled = answer;
                }
            } else {
                other.add(answer.statusCode() + " " + answer.body());
            }
        }
        assertThat(other).isEmpty();
        assertThat(refused).as("the free attempts are checked (modelgate.admin.throttle.free)").isEqualTo(5);
        assertThat(throttled).isEqualTo(995);
        JsonNode error = JSON.readTree(firstThrottled.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("admin_sign_in_throttled");
        assertThat(firstThrottled.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(firstThrottled.headers().firstValue("x-request-id")).isPresent();
        assertThat(firstThrottled.headers().firstValue("cache-control")).hasValue("no-store");

        // The right password from the attacker's address waits too: it is not even checked.
        assertThat(AdminHttp.send("GET", "/admin/usage", RelayIT.FINANCE, null, ATTACKER).statusCode()).isEqualTo(429);
        // From another address it works at once.
        assertThat(AdminHttp.send("GET", "/admin/usage", RelayIT.FINANCE, null, "198.51.100.8").statusCode()).isEqualTo(200);
        // An address that failed once: the attacked account waits there, another account does not.
        assertThat(AdminHttp.send("GET", "/admin/usage", RelayIT.basic("mallory", "typo"), null, "198.51.100.9").statusCode()).isEqualTo(401);
        assertThat(AdminHttp.send("GET", "/admin/usage", RelayIT.FINANCE, null, "198.51.100.9").statusCode()).isEqualTo(429);
        assertThat(AdminHttp.send("GET", "/admin/usage", RelayIT.ADMIN, null, "198.51.100.9").statusCode()).isEqualTo(200);

        // Every attempt is on record: who, what, from where; no password.
        String failed = AdminHttp.send("GET", "/admin/audit?action=admin.login.failed&limit=1000", RelayIT.ADMIN, null, null).body();
        String slowed = AdminHttp.send("GET", "/admin/audit?action=admin.login.throttled&limit=1000", RelayIT.ADMIN, null, null).body();
        assertThat(fromAttacker(failed)).isEqualTo(5);
        assertThat(fromAttacker(slowed)).isEqualTo(995 + 1);
        assertThat(failed + slowed).doesNotContain("guess-").doesNotContain(FINANCE_PASSWORD);
        assertThat(JSON.readTree(failed).path("entries").get(0).path("actor").asText()).isNotEmpty();
        JsonNode verdict = JSON.readTree(AdminHttp.send("GET", "/admin/audit/verify", RelayIT.ADMIN, null, null).body());
        assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();
    }

    private static long fromAttacker(String audit) throws Exception {
        long n = 0;
        for (JsonNode e : JSON.readTree(audit).path("entries")) {
            if (e.path("detail").asText().startsWith("from " + ATTACKER + ";")) {
                assertThat(e.path("actor").asText()).isEqualTo("finance");
                assertThat(e.path("subject").asText()).isEqualTo("GET /admin/usage");
                n++;
            }
        }
        return n;
    }
}
