package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.AdminRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminAccessTest {

    @Test
    void extraLeadingSlashesDoNotHideAnAdminPath() {
        assertThat(AdminAccess.normalised("admin/usage")).isEqualTo("/admin/usage");
        assertThat(AdminAccess.normalised("///admin/credentials")).isEqualTo("/admin/credentials");
        assertThat(AdminAccess.normalised("/v1/chat/completions")).isEqualTo("/v1/chat/completions");
        assertThat(AdminAccess.normalised("")).isEqualTo("/");
    }

    @Test
    void financeReadsReportsButWritesNothing() {
        assertThat(AdminAccess.allowed("GET", "/admin/usage")).contains(AdminRole.FINANCE);
        assertThat(AdminAccess.allowed("POST", "/admin/credentials")).containsOnly(AdminRole.ADMIN);
        assertThat(AdminAccess.allowed("POST", "/admin/usage/events")).contains(AdminRole.INGEST).doesNotContain(AdminRole.FINANCE);
    }
}
