package dev.modelgate.relay.api;

import dev.modelgate.relay.auth.AdminPrincipal;
import jakarta.enterprise.context.RequestScoped;

/**
 * The signed-in caller of the admin request being served, set by {@link AdminAccess} before any admin resource
 * runs: resources scope team admins to their teams with it and name the caller in the audit log.
 */
@RequestScoped
public class AdminCaller {

    private AdminPrincipal principal;

    void set(AdminPrincipal principal) {
        this.principal = principal;
    }

    /** @throws IllegalStateException outside an admin request that passed {@link AdminAccess} */
    public AdminPrincipal principal() {
        if (principal == null) {
            throw new IllegalStateException("no signed-in admin caller on this request");
        }
        return principal;
    }

    /** Who, for the audit log: the account and, for a person signed in through the identity provider, how. */
    public String actor() {
        return principal().actor();
    }
}
