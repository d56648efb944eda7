package dev.modelgate.relay.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How admins sign in through the enterprise's identity provider (MicroProfile Config; environment in brackets):
 * <ul>
 *   <li>{@code modelgate.admin.oidc.issuer} ({@code MODELGATE_ADMIN_OIDC_ISSUER}): the tokens' {@code iss}, exactly;</li>
 *   <li>{@code modelgate.admin.oidc.jwks.url} ({@code MODELGATE_ADMIN_OIDC_JWKS_URL}): where the provider publishes its signing keys;</li>
 *   <li>{@code modelgate.admin.oidc.audience} ({@code MODELGATE_ADMIN_OIDC_AUDIENCE}): a value the tokens' {@code aud} must hold;</li>
 *   <li>{@code modelgate.admin.oidc.groups.claim} (default {@code groups}), and per role the group that gives it,
 *       {@code modelgate.admin.oidc.group.admin|finance|auditor|team-admin} (default: the role's name);</li>
 *   <li>{@code modelgate.admin.oidc.teams.claim} (default {@code modelgate_teams}): the teams a team admin manages;</li>
 *   <li>{@code modelgate.admin.oidc.name.claim} (default {@code preferred_username}, else {@code sub}): the name in the audit log.</li>
 * </ul>
 * Issuer, JWKS URL and audience are all set, or none (sign-in by token is then off).
 */
public record OidcSettings(String issuer, URI jwksUrl, String audience, String groupsClaim, String teamsClaim, String nameClaim,
                           Map<String, AdminRole> roleByGroup) {

    /** The roles a token's groups can give: a gateway node's ingest role is never a person's. */
    private static final AdminRole[] PERSON_ROLES = {AdminRole.ADMIN, AdminRole.FINANCE, AdminRole.AUDITOR, AdminRole.TEAM_ADMIN};

    public OidcSettings {
        roleByGroup = Map.copyOf(roleByGroup);
    }

    /**
     * @param config a setting by name, blank counting as unset
     * @return empty when sign-in by token is not configured
     * @throws IllegalArgumentException when it is half configured or the JWKS URL is not one
     */
    public static Optional<OidcSettings> from(Function<String, Optional<String>> config) {
        Function<String, Optional<String>> set = name -> config.apply(name).map(String::trim).filter(s -> !s.isEmpty());
        Optional<String> issuer = set.apply("modelgate.admin.oidc.issuer");
        Optional<String> jwks = set.apply("modelgate.admin.oidc.jwks.url");
        Optional<String> audience = set.apply("modelgate.admin.oidc.audience");
        if (issuer.isEmpty() && jwks.isEmpty() && audience.isEmpty()) {
            return Optional.empty();
        }
        if (issuer.isEmpty() || jwks.isEmpty() || audience.isEmpty()) {
            throw new IllegalArgumentException("admin sign-in by token needs all three of modelgate.admin.oidc.issuer, "
                    + "modelgate.admin.oidc.jwks.url and modelgate.admin.oidc.audience (MODELGATE_ADMIN_OIDC_ISSUER, ...)");
        }
        URI url = URI.create(jwks.get());
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("modelgate.admin.oidc.jwks.url must be an http(s) URL");
        }
        Map<String, AdminRole> byGroup = new LinkedHashMap<>();
        for (AdminRole role : PERSON_ROLES) {
            String group = set.apply("modelgate.admin.oidc.group." + role.label()).orElse(role.label());
            if (byGroup.containsKey(group)) {
                throw new IllegalArgumentException("the group '" + group + "' is mapped to both " + byGroup.get(group).label()
                        + " and " + role.label() + ": give each role its own group");
            }
            byGroup.put(group, role);
        }
        return Optional.of(new OidcSettings(issuer.get(), url, audience.get(),
                set.apply("modelgate.admin.oidc.groups.claim").orElse("groups"),
                set.apply("modelgate.admin.oidc.teams.claim").orElse("modelgate_teams"),
                set.apply("modelgate.admin.oidc.name.claim").orElse("preferred_username"), byGroup));
    }
}
