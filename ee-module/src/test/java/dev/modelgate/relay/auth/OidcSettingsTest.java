package dev.modelgate.relay.auth;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcSettingsTest {

    private static Optional<OidcSettings> from(Map<String, String> config) {
        return OidcSettings.from(name -> Optional.ofNullable(config.get(name)));
    }

    @Test
    void offWhenNothingIsSetAndRefusedWhenHalfSet() {
        assertThat(from(Map.of())).isEmpty();
        assertThat(from(Map.of("modelgate.admin.oidc.issuer", " "))).isEmpty();
        assertThatThrownBy(() -> from(Map.of("modelgate.admin.oidc.issuer", "https://idp")))
                .hasMessageContaining("modelgate.admin.oidc.jwks.url");
    }

    @Test
    void rolesComeFromTheirGroupsWithTheRoleNamesAsDefault() {
        OidcSettings s = from(Map.of("modelgate.admin.oidc.issuer", "https://idp", "modelgate.admin.oidc.jwks.url", "https://idp/keys",
                "modelgate.admin.oidc.audience", "modelgate", "modelgate.admin.oidc.group.admin", "mg-admins")).orElseThrow();
        assertThat(s.roleByGroup()).containsEntry("mg-admins", AdminRole.ADMIN).containsEntry("finance", AdminRole.FINANCE)
                .containsEntry("auditor", AdminRole.AUDITOR).containsEntry("team-admin", AdminRole.TEAM_ADMIN)
                .doesNotContainKey("admin").doesNotContainValue(AdminRole.INGEST);
        assertThat(s.groupsClaim()).isEqualTo("groups");
        assertThat(s.teamsClaim()).isEqualTo("modelgate_teams");
    }

    @Test
    void oneGroupForTwoRolesIsRefused() {
        assertThatThrownBy(() -> from(Map.of("modelgate.admin.oidc.issuer", "https://idp", "modelgate.admin.oidc.jwks.url", "https://idp/keys",
                "modelgate.admin.oidc.audience", "modelgate", "modelgate.admin.oidc.group.finance", "staff",
                "modelgate.admin.oidc.group.auditor", "staff"))).hasMessageContaining("'staff'");
    }
}
