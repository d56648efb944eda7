package dev.modelgate.relay.auth;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The admin API's credentials, from MicroProfile Config (environment in brackets):
 * <ul>
 *   <li>bearer tokens from the enterprise's identity provider, when {@link OidcSettings} are configured: roles from
 *       the token's groups ({@link AdminTokens});</li>
 *   <li>user {@code admin}, password {@code modelgate.admin.password} ({@code MODELGATE_ADMIN_PASSWORD}): role admin,
 *       the embedded default for a relay without an identity provider;</li>
 *   <li>user {@code finance}, password {@code modelgate.finance.password} ({@code MODELGATE_FINANCE_PASSWORD}): role finance;</li>
 *   <li>bearer token {@code modelgate.ingest.token} ({@code MODELGATE_INGEST_TOKEN}): role ingest, for gateway nodes.</li>
 * </ul>
 * Without an admin password and without an identity provider the admin API is off: there is no default password.
 * Only SHA-256 digests of the static secrets are kept, compared in constant time.
 */
@ApplicationScoped
public class AdminCredentials {

    private static final Logger LOG = Logger.getLogger(AdminCredentials.class.getName());

    @Inject
    @ConfigProperty(name = "modelgate.admin.password")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "modelgate.finance.password")
    Optional<String> financePassword;

    @Inject
    @ConfigProperty(name = "modelgate.ingest.token")
    Optional<String> ingestToken;

    @Inject
    Config config;

    private String admin;
    private String finance;
    private String ingest;
    private AdminTokens tokens;

    @PostConstruct
    void load() {
        admin = digest(adminPassword);
        finance = digest(financePassword);
        ingest = digest(ingestToken);
        Optional<OidcSettings> oidc = OidcSettings.from(name -> config.getOptionalValue(name, String.class));
        if (oidc.isPresent()) {
            try {
                // Keys are fetched on first use and cached; an unknown key id refetches (rate-limited), so rotation at the
                // provider just works; while the provider is down the last keys fetched keep serving.
                tokens = new AdminTokens(oidc.get(), JWKSourceBuilder.<SecurityContext>create(oidc.get().jwksUrl().toURL())
                        .retrying(true).outageTolerant(true).build());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("modelgate.admin.oidc.jwks.url is not a URL", e);
            }
            LOG.info("Admin sign-in by token: issuer " + oidc.get().issuer() + ", keys from " + oidc.get().jwksUrl()
                    + ", audience " + oidc.get().audience());
        }
        if (!enabled()) {
            LOG.warning("Neither MODELGATE_ADMIN_PASSWORD nor MODELGATE_ADMIN_OIDC_ISSUER is set: the admin API (/admin/*) refuses every request");
        }
    }

    /** Whether the admin API is on at all. */
    public boolean enabled() {
        return admin != null || tokens != null;
    }

    /**
     * The account an {@code Authorization} header names, before any check: the Basic user name, else null. The
     * throttle counts failures per account with it; it is the caller's claim, not yet proof.
     */
    public static String claimedAccount(String authorization) {
        return basicPair(authorization).map(pair -> pair.substring(0, pair.indexOf(':'))).orElse(null);
    }

    /**
     * The account name as the audit log may show it: one of the static accounts, else {@code unknown-user}. Whatever
     * else was typed as a user name (sometimes the password itself) is never written down.
     */
    public static String recordable(String account) {
        return account == null ? null : account.equals("admin") || account.equals("finance") ? account : "unknown-user";
    }

    /** What an {@code Authorization} header proves. */
    public SignIn signIn(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new SignIn.Missing();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(authorization.substring(7).trim());
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return new SignIn.Refused(null, "unknown", "the Authorization scheme is neither Basic nor Bearer");
        }
        Optional<String> pair = basicPair(authorization);
        if (pair.isEmpty()) {
            return new SignIn.Refused(null, "password", "the Basic credentials are not base64 of user:password");
        }
        int colon = pair.get().indexOf(':');
        String user = pair.get().substring(0, colon);
        String password = pair.get().substring(colon + 1);
        // Both digests are computed whatever the user, so a wrong user name takes as long as a wrong password.
        boolean isAdmin = matches(admin, password);
        boolean isFinance = matches(finance, password);
        if (user.equals("admin") && isAdmin) {
            return new SignIn.Proven(AdminPrincipal.of("admin", AdminRole.ADMIN, "password"));
        }
        if (user.equals("finance") && isFinance) {
            return new SignIn.Proven(AdminPrincipal.of("finance", AdminRole.FINANCE, "password"));
        }
        return new SignIn.Refused(user, "password", "wrong user name or password");
    }

    private SignIn bearer(String token) {
        if (matches(ingest, token)) {
            return new SignIn.Proven(AdminPrincipal.of("ingest", AdminRole.INGEST, "token"));
        }
        if (tokens == null || !AdminTokens.looksLikeJwt(token)) {
            return new SignIn.Refused(null, "token", tokens == null ? "not the ingest token (sign-in by identity provider token is off)"
                    : "neither the ingest token nor a JWT");
        }
        try {
            return new SignIn.Proven(tokens.verify(token));
        } catch (AdminTokens.Refused e) {
            return new SignIn.Refused(null, "oidc", e.getMessage());
        } catch (AdminTokens.Unavailable e) {
            return new SignIn.Unavailable("oidc", e.getMessage());
        }
    }

    private static Optional<String> basicPair(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return pair.indexOf(':') < 0 ? Optional.empty() : Optional.of(pair);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean matches(String expected, String given) {
        byte[] digest = ApiKeys.hash(given).getBytes(StandardCharsets.US_ASCII);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), digest);
    }

    private static String digest(Optional<String> secret) {
        return secret.filter(s -> !s.isBlank()).map(ApiKeys::hash).orElse(null);
    }
}
