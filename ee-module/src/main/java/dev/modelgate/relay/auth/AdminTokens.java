package dev.modelgate.relay.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.text.ParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies an identity provider's bearer token as MicroProfile JWT does: a JWS signed with one of the provider's
 * published keys (asymmetric algorithms only: a shared-secret HS256 token could be made by anyone holding the
 * JWKS), its {@code iss} exactly the configured issuer, the configured audience in its {@code aud}, not expired
 * ({@code exp} required, a minute's clock skew allowed). Its groups give the Modelgate roles; its teams claim the
 * teams a team admin manages.
 */
public final class AdminTokens {

    /** Why a token was refused, in words that carry nothing of the token. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** The provider's keys could not be had (it is down and the relay has no copy): no verdict on the token. */
    public static final class Unavailable extends Exception {
        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);

    private final OidcSettings settings;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** @param keys the provider's keys: fetched from its JWKS URL and cached in the relay, a fixed set in tests */
    public AdminTokens(OidcSettings settings, JWKSource<SecurityContext> keys) {
        this.settings = settings;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(settings.audience()),
                new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp"), Set.of()));
    }

    /** Whether a bearer credential is shaped like a JWS (three dot-separated parts), not an opaque token. */
    public static boolean looksLikeJwt(String credential) {
        int first = credential.indexOf('.');
        return first > 0 && credential.indexOf('.', first + 1) > first + 1 && credential.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * @throws Refused     when the token is not valid, or valid but gives no Modelgate role
     * @throws Unavailable when the provider's keys cannot be fetched: not the caller's fault, so not a failed sign-in
     */
    public AdminPrincipal verify(String token) throws Refused, Unavailable {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new Refused("not a JWT");
        } catch (BadJOSEException e) {
            // Nimbus's messages name the failed check (expired, audience, issuer, no matching key), never the token's contents.
            throw new Refused(e.getMessage());
        } catch (RateLimitReachedException e) {
            // An unknown key id just after the keys were fetched: what a forged token with a made-up key id looks like.
            throw new Refused("no key of the identity provider matches the token's key id");
        } catch (KeySourceException e) {
            throw new Unavailable("the identity provider's keys cannot be fetched: " + e.getClass().getSimpleName());
        } catch (JOSEException e) {
            throw new Refused("the token could not be checked: " + e.getClass().getSimpleName());
        }
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        strings(claims, settings.groupsClaim()).forEach(group -> {
            AdminRole role = settings.roleByGroup().get(group);
            if (role != null) {
                roles.add(role);
            }
        });
        String name = text(claims, settings.nameClaim());
        if (name == null) {
            name = claims.getSubject();
        }
        if (roles.isEmpty()) {
            throw new Refused("the token's '" + settings.groupsClaim() + "' claim names no Modelgate role's group");
        }
        Set<String> teams = roles.contains(AdminRole.TEAM_ADMIN) ? new LinkedHashSet<>(strings(claims, settings.teamsClaim())) : Set.of();
        return new AdminPrincipal(name, roles, teams, "oidc");
    }

    /** A claim that is a list of strings or a single string (providers emit either for one group). */
    private static List<String> strings(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof Collection<?> c) {
            return c.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private static String text(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }
}
