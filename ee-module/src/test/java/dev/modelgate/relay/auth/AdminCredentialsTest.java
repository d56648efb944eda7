package dev.modelgate.relay.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AdminCredentialsTest {

    private static String basic(String pair) {
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theThrottleCountsTheBasicUserAndNothingFromABearerToken() {
        assertThat(AdminCredentials.claimedAccount(basic("finance:guess"))).isEqualTo("finance");
        assertThat(AdminCredentials.claimedAccount(basic("finance:with:colons"))).isEqualTo("finance");
        assertThat(AdminCredentials.claimedAccount("Bearer eyJ.eyJ.sig")).isNull();
        assertThat(AdminCredentials.claimedAccount("Basic %%%")).isNull();
        assertThat(AdminCredentials.claimedAccount(null)).isNull();
    }

    @Test
    void theAuditLogNamesOnlyAccountsThatExist() {
        assertThat(AdminCredentials.recordable("admin")).isEqualTo("admin");
        assertThat(AdminCredentials.recordable("finance")).isEqualTo("finance");
        assertThat(AdminCredentials.recordable("hunter2-typed-in-the-wrong-field")).isEqualTo("unknown-user");
        assertThat(AdminCredentials.recordable(null)).isNull();
    }
}
