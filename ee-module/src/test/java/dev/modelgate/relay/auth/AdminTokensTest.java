package dev.modelgate.relay.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminTokensTest {

    private static RSAKey key;
    private static RSAKey stranger;
    private static AdminTokens tokens;

    @BeforeAll
    static void provider() throws JOSEException {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        stranger = new RSAKeyGenerator(2048).keyID("k1").generate(); // same key id, other key: a forgery
        OidcSettings settings = new OidcSettings("https://idp", URI.create("https://idp/keys"), "modelgate", "groups", "teams",
                "preferred_username", Map.of("mg-admins", AdminRole.ADMIN, "team-admin", AdminRole.TEAM_ADMIN, "finance", AdminRole.FINANCE));
        tokens = new AdminTokens(settings, new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer("https://idp").audience(List.of("other", "modelgate")).subject("u-1")
                .claim("preferred_username", "alice").expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String signed(RSAKey with, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    @Test
    void groupsGiveRolesAndTeamsScopeATeamAdmin() throws Exception {
        AdminPrincipal p = tokens.verify(signed(key, claims().claim("groups", List.of("staff", "team-admin", "finance"))
                .claim("teams", List.of("search", "legal")).build()));
        assertThat(p.name()).isEqualTo("alice");
        assertThat(p.roles()).containsExactlyInAnyOrder(AdminRole.TEAM_ADMIN, AdminRole.FINANCE);
        assertThat(p.teams()).containsExactlyInAnyOrder("search", "legal");
        assertThat(p.actor()).isEqualTo("oidc:alice");

        AdminPrincipal single = tokens.verify(signed(key, claims().claim("groups", "mg-admins").claim("preferred_username", null).build()));
        assertThat(single.roles()).isEqualTo(Set.of(AdminRole.ADMIN));
        assertThat(single.name()).as("the subject when there is no user name").isEqualTo("u-1");
        assertThat(single.teams()).isEmpty();
    }

    @Test
    void tokensThatAreNotTheProvidersOrNotForUsAreRefused() throws Exception {
        JWTClaimsSet good = claims().claim("groups", List.of("mg-admins")).build();
        assertThatThrownBy(() -> tokens.verify(signed(stranger, good))).isInstanceOf(AdminTokens.Refused.class);
        assertThatThrownBy(() -> tokens.verify(signed(key, new JWTClaimsSet.Builder(good)
                .expirationTime(Date.from(Instant.now().minusSeconds(600))).build()))).hasMessageContaining("Expired");
        assertThatThrownBy(() -> tokens.verify(signed(key, new JWTClaimsSet.Builder(good).audience("someone-else").build())))
                .hasMessageContaining("aud claim rejected");
        assertThatThrownBy(() -> tokens.verify(signed(key, new JWTClaimsSet.Builder(good).issuer("https://evil").build())))
                .isInstanceOf(AdminTokens.Refused.class);
        assertThatThrownBy(() -> tokens.verify(signed(key, new JWTClaimsSet.Builder(good).expirationTime(null).build())))
                .as("a token that never expires").isInstanceOf(AdminTokens.Refused.class);
        assertThatThrownBy(() -> tokens.verify(new PlainJWT(good).serialize())).as("alg none").isInstanceOf(AdminTokens.Refused.class);
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), good);
        hmac.sign(new MACSigner(new byte[32]));
        assertThatThrownBy(() -> tokens.verify(hmac.serialize())).as("a shared-secret signature").isInstanceOf(AdminTokens.Refused.class);
        assertThatThrownBy(() -> tokens.verify("not.a.jwt")).hasMessage("not a JWT");
    }

    @Test
    void aValidTokenWithoutAModelgateGroupIsRefused() throws Exception {
        assertThatThrownBy(() -> tokens.verify(signed(key, claims().claim("groups", List.of("staff")).build())))
                .hasMessageContaining("names no Modelgate role");
        assertThatThrownBy(() -> tokens.verify(signed(key, claims().build()))).hasMessageContaining("names no Modelgate role");
    }

    @Test
    void aProviderThatCannotBeReachedIsNoVerdictOnTheToken() throws Exception {
        OidcSettings settings = new OidcSettings("https://idp", URI.create("https://idp/keys"), "modelgate", "groups", "teams",
                "preferred_username", Map.of("mg-admins", AdminRole.ADMIN));
        String token = signed(key, claims().claim("groups", List.of("mg-admins")).build());
        AdminTokens down = new AdminTokens(settings, (selector, context) -> {
            throw new JWKSetUnavailableException("connection refused");
        });
        assertThatThrownBy(() -> down.verify(token)).isInstanceOf(AdminTokens.Unavailable.class);
        AdminTokens justFetched = new AdminTokens(settings, (selector, context) -> {
            throw new RateLimitReachedException();
        });
        assertThatThrownBy(() -> justFetched.verify(token)).as("an unknown key id again and again: a forger's").isInstanceOf(AdminTokens.Refused.class);
    }

    @Test
    void onlyJwsShapedBearerTokensAreTriedAsTokens() {
        assertThat(AdminTokens.looksLikeJwt("aaa.bbb.ccc")).isTrue();
        assertThat(AdminTokens.looksLikeJwt("it-ingest-token")).isFalse();
        assertThat(AdminTokens.looksLikeJwt("a..c")).isFalse();
        assertThat(AdminTokens.looksLikeJwt("a.b.c.d.e")).isFalse();
    }
}
