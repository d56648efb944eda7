package dev.modelgate.policy.decision;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecisionSignerTest {

    private static final byte[] OLD = "an-old-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "a-new-secret-of-at-least-32-bytes!!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private final RoutingDecision decision = new RoutingDecision("req-1", "search", "k1", "chat-fast",
            List.of("openai/gpt-4o-mini", "simulated/sim-chat"), List.of("cards-redacted"), "abc", "00ff", 120, 900,
            NOW.getEpochSecond() + 30, NOW.getEpochSecond());

    @Test
    void roundTripsAndSurvivesKeyRotation() throws Exception {
        String header = new DecisionSigner(Map.of("k1", OLD), "k1").sign(decision);
        assertThat(header).startsWith("v1.k1.");

        DecisionSigner rotated = new DecisionSigner(Map.of("k1", OLD, "k2", NEW), "k2");
        assertThat(rotated.verify(header, NOW)).isEqualTo(decision);
        assertThat(rotated.sign(decision)).startsWith("v1.k2.");
    }

    @Test
    void refusesForgedTamperedExpiredAndUnknownKeys() {
        DecisionSigner signer = new DecisionSigner(Map.of("k1", OLD), "k1");
        String header = signer.sign(decision);
        String[] parts = header.split("\\.");

        String cheaper = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8)
                        .replace("search", "admins").getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> signer.verify(parts[0] + "." + parts[1] + "." + cheaper + "." + parts[3], NOW))
                .hasMessage("signature does not match");
        assertThatThrownBy(() -> new DecisionSigner(Map.of("k1", NEW), "k1").verify(header, NOW))
                .hasMessage("signature does not match");
        assertThatThrownBy(() -> new DecisionSigner(Map.of("k9", NEW), "k9").verify(header, NOW))
                .hasMessage("unknown signing key id");
        assertThatThrownBy(() -> signer.verify(header, NOW.plusSeconds(31))).hasMessage("decision expired");
        assertThatThrownBy(() -> signer.verify(null, NOW)).hasMessage("missing x-modelgate-decision header");
        assertThatThrownBy(() -> signer.verify("garbage", NOW)).hasMessage("malformed x-modelgate-decision header");
    }

    @Test
    void secretsAreNeverShownAndMustBeLongEnough() {
        assertThat(new DecisionSigner(Map.of("k1", OLD), "k1").toString()).doesNotContain("secret");
        assertThatThrownBy(() -> new DecisionSigner(Map.of("k1", "tiny-value".getBytes(StandardCharsets.UTF_8)), "k1"))
                .hasMessageNotContaining("tiny-value").hasMessageContaining("shorter than 32 bytes");
    }

    @Test
    void replayGuardHonoursARequestIdOnce() {
        ReplayGuard guard = new ReplayGuard();
        assertThat(guard.firstUse(decision, NOW.getEpochSecond())).isTrue();
        assertThat(guard.firstUse(decision, NOW.getEpochSecond())).isFalse();
        assertThat(guard.firstUse(decision, NOW.getEpochSecond() + 60)).as("forgotten after expiry").isTrue();
    }

    @Test
    void readsTheConfiguredKeySpecAndSignsWithTheFirstOrTheNamedKey() throws Exception {
        String spec = "k1:" + Base64.getEncoder().encodeToString(OLD) + ", k2:" + Base64.getEncoder().encodeToString(NEW);
        assertThat(DecisionSigner.fromSpec(spec, null).orElseThrow().sign(decision)).startsWith("v1.k1.");
        DecisionSigner second = DecisionSigner.fromSpec(spec, "k2").orElseThrow();
        assertThat(second.sign(decision)).startsWith("v1.k2.");
        assertThat(second.verify(new DecisionSigner(Map.of("k1", OLD), "k1").sign(decision), NOW)).isEqualTo(decision);

        assertThat(DecisionSigner.fromSpec("", null)).isEmpty();
        assertThat(DecisionSigner.fromSpec(null, null)).isEmpty();
        assertThatThrownBy(() -> DecisionSigner.fromSpec("k1:not*base64*secret", null))
                .hasMessage("HMAC key 'k1' is not valid base64");
        assertThatThrownBy(() -> DecisionSigner.fromSpec("just-a-secret-value", null))
                .hasMessageNotContaining("just-a-secret-value");
        assertThatThrownBy(() -> DecisionSigner.fromSpec(spec, "k7")).hasMessageContaining("'k7'");
    }
}
