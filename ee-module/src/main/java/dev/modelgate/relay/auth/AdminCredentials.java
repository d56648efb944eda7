package dev.modelgate.relay.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The admin API's credentials, from MicroProfile Config (environment in brackets):
 * <ul>
 *   <li>user {@code admin}, password {@code modelgate.admin.password} ({@code MODELGATE_ADMIN_PASSWORD}): role admin.
 *       Without it the admin API is off: there is no default password;</li>
 *   <li>user {@code finance}, password {@code modelgate.finance.password} ({@code MODELGATE_FINANCE_PASSWORD}): role finance;</li>
 *   <li>bearer token {@code modelgate.ingest.token} ({@code MODELGATE_INGEST_TOKEN}): role ingest, for gateway nodes.</li>
 * </ul>
 * Only SHA-256 digests are kept, compared in constant time.
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

    private String admin;
    private String finance;
    private String ingest;

    @PostConstruct
    void load() {
        admin = digest(adminPassword);
        finance = digest(financePassword);
        ingest = digest(ingestToken);
        if (admin == null) {
            LOG.warning("MODELGATE_ADMIN_PASSWORD is not set: the admin API (/admin/*) refuses every request");
        }
    }

    /** Whether the admin API is on at all. */
    public boolean enabled() {
        return admin != null;
    }

    /** The role an {@code Authorization} header proves, if any. */
    public Optional<AdminRole> roleOf(String authorization) {
        if (authorization == null || admin == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return matches(ingest, authorization.substring(7).trim()) ? Optional.of(AdminRole.INGEST) : Optional.empty();
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String user = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        // Both digests are computed whatever the user, so a wrong user name takes as long as a wrong password.
        boolean isAdmin = matches(admin, password);
        boolean isFinance = matches(finance, password);
        if (user.equals("admin") && isAdmin) {
            return Optional.of(AdminRole.ADMIN);
        }
        if (user.equals("finance") && isFinance) {
            return Optional.of(AdminRole.FINANCE);
        }
        return Optional.empty();
    }

    private static boolean matches(String expected, String given) {
        byte[] digest = ApiKeys.hash(given).getBytes(StandardCharsets.US_ASCII);
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), digest);
    }

    private static String digest(Optional<String> secret) {
        return secret.filter(s -> !s.isBlank()).map(ApiKeys::hash).orElse(null);
    }
}
