package dev.modelgate.policy.decision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * Signs and verifies the {@value #HEADER} header: {@code v1.<key id>.<base64url JSON>.<base64url HMAC-SHA256>}.
 *
 * <p>The key id lets the HMAC secret rotate: a relay accepts every id it holds, a gateway signs with the
 * current one. Secrets are never part of an exception message or {@code toString}.
 */
public final class DecisionSigner {

    public static final String HEADER = "x-modelgate-decision";
    public static final String REQUEST_ID_HEADER = "x-modelgate-request-id";
    private static final String VERSION = "v1";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Map<String, SecretKeySpec> keys;
    private final String currentKeyId;

    /**
     * @param secrets      HMAC secrets by key id (at least 32 bytes each)
     * @param currentKeyId the id to sign with; must be in {@code secrets}
     */
    public DecisionSigner(Map<String, byte[]> secrets, String currentKeyId) {
        if (!secrets.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("no secret for signing key id '" + currentKeyId + "'");
        }
        secrets.forEach((id, secret) -> {
            if (secret.length < 32) {
                throw new IllegalArgumentException("HMAC secret '" + id + "' is shorter than 32 bytes");
            }
            if (id.indexOf('.') >= 0) {
                throw new IllegalArgumentException("key id must not contain '.'");
            }
        });
        this.keys = Map.copyOf(secrets.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> new SecretKeySpec(e.getValue().clone(), "HmacSHA256"))));
        this.currentKeyId = currentKeyId;
    }

    /**
     * Reads secrets in the form both hosts configure them ({@code id:base64,id:base64}, e.g. from
     * {@code MODELGATE_GATEWAY_HMAC_KEYS}). Empty when the spec holds no key.
     *
     * @param currentKeyId the id to sign with, or null for the first one listed
     */
    public static java.util.Optional<DecisionSigner> fromSpec(String spec, String currentKeyId) {
        Map<String, byte[]> secrets = new java.util.LinkedHashMap<>();
        for (String entry : spec == null ? new String[0] : spec.split(",")) {
            int colon = entry.indexOf(':');
            if (entry.isBlank()) {
                continue;
            }
            if (colon <= 0) {
                throw new IllegalArgumentException("HMAC key entries must read id:base64 (entry " + (secrets.size() + 1) + ")");
            }
            String id = entry.substring(0, colon).trim();
            try {
                secrets.put(id, Base64.getDecoder().decode(entry.substring(colon + 1).trim()));
            } catch (IllegalArgumentException e) {
                // the message of the decoder could quote part of the secret
                throw new IllegalArgumentException("HMAC key '" + id + "' is not valid base64");
            }
        }
        if (secrets.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DecisionSigner(secrets,
                currentKeyId != null ? currentKeyId : secrets.keySet().iterator().next()));
    }

    public String sign(RoutingDecision decision) {
        try {
            String payload = B64.encodeToString(JSON.writeValueAsBytes(decision));
            String signed = VERSION + "." + currentKeyId + "." + payload;
            return signed + "." + B64.encodeToString(mac(keys.get(currentKeyId), signed));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode decision", e);
        }
    }

    /** Checks signature and expiry and returns the decision; replay is the caller's {@link ReplayGuard}. */
    public RoutingDecision verify(String header, Instant now) throws InvalidDecisionException {
        if (header == null || header.isEmpty()) {
            throw new InvalidDecisionException("missing " + HEADER + " header");
        }
        String[] parts = header.split("\\.", -1);
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new InvalidDecisionException("malformed " + HEADER + " header");
        }
        SecretKeySpec key = keys.get(parts[1]);
        if (key == null) {
            throw new InvalidDecisionException("unknown signing key id");
        }
        byte[] expected = mac(key, parts[0] + "." + parts[1] + "." + parts[2]);
        byte[] given;
        try {
            given = B64D.decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new InvalidDecisionException("malformed signature");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new InvalidDecisionException("signature does not match");
        }
        RoutingDecision decision;
        try {
            decision = JSON.readValue(B64D.decode(parts[2]), RoutingDecision.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidDecisionException("unreadable decision");
        }
        if (decision.expiresAt() < now.getEpochSecond()) {
            throw new InvalidDecisionException("decision expired");
        }
        if (decision.requestId() == null || decision.requestId().isEmpty()) {
            throw new InvalidDecisionException("decision has no request id");
        }
        return decision;
    }

    /** Hex SHA-256 of a body, as carried in {@link RoutingDecision#bodySha256()}. */
    public static String sha256(byte[] body) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static byte[] mac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "DecisionSigner[keys=" + keys.keySet() + ", current=" + currentKeyId + "]";
    }
}
