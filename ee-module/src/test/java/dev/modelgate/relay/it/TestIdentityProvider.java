package dev.modelgate.relay.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An OpenID provider as far as the relay sees one: a real HTTP server on the port the test relay is configured with
 * ({@code modelgate.admin.oidc.jwks.url}) publishing its public signing key as a JWKS, and tokens signed with the
 * private key. One per test JVM: the relay caches the keys it fetched, so the key must not change under it.
 */
final class TestIdentityProvider {

    static final String ISSUER = System.getProperty("modelgate.it.idp.issuer", "https://idp.modelgate.test");
    static final String AUDIENCE = System.getProperty("modelgate.it.idp.audience", "modelgate-admin");
    private static final int PORT = Integer.getInteger("modelgate.it.idp.port", 18183);

    private static final TestIdentityProvider INSTANCE = start();

    private final RSAKey key;
    /** A key the relay was never shown, for forged tokens. */
    private final RSAKey stranger;

    private TestIdentityProvider(RSAKey key, RSAKey stranger) {
        this.key = key;
        this.stranger = stranger;
    }

    static TestIdentityProvider get() {
        return INSTANCE;
    }

    private static TestIdentityProvider start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("it-" + UUID.randomUUID()).generate();
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("it-stranger").generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 0);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start(); // runs until the test JVM exits
            return new TestIdentityProvider(key, stranger);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("the test identity provider could not start on port " + PORT, e);
        }
    }

    /** A valid token for a person in these groups (and, for a team admin, these teams). */
    String token(String user, List<String> groups, List<String> teams) {
        return sign(key, claims(user, groups, teams, ISSUER, AUDIENCE, Instant.now().plusSeconds(300)));
    }

    String expired(String user, List<String> groups) {
        return sign(key, claims(user, groups, List.of(), ISSUER, AUDIENCE, Instant.now().minusSeconds(600)));
    }

    String forOtherAudience(String user, List<String> groups) {
        return sign(key, claims(user, groups, List.of(), ISSUER, "some-other-app", Instant.now().plusSeconds(300)));
    }

    String fromOtherIssuer(String user, List<String> groups) {
        return sign(key, claims(user, groups, List.of(), "https://evil.example", AUDIENCE, Instant.now().plusSeconds(300)));
    }

    String forged(String user, List<String> groups) {
        return sign(stranger, claims(user, groups, List.of(), ISSUER, AUDIENCE, Instant.now().plusSeconds(300)));
    }

    private static JWTClaimsSet claims(String user, List<String> groups, List<String> teams, String issuer, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("sub-" + user).claim("preferred_username", user)
                .claim("groups", groups).claim("modelgate_teams", teams).issueTime(Date.from(expiry.minusSeconds(600)))
                .expirationTime(Date.from(expiry)).jwtID(UUID.randomUUID().toString()).build();
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
