package dev.modelgate.relay.auth;

import dev.modelgate.policy.decision.DecisionSigner;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Modelgate API keys of standalone mode. Only SHA-256 hashes of the secrets are held, looked up by
 * hash, so neither the map nor a timing difference reveals a key. The demo key ({@code modelgate.demo.key},
 * env {@code MODELGATE_DEMO_KEY}) maps to key id {@code demo}; keys issued through {@code /admin/keys} are
 * looked up in the database, with each answer (found or not) remembered for 5 seconds, so a revoked key
 * stops working within that time and a request costs no query.
 */
@ApplicationScoped
public class ApiKeys {

    @Inject
    @ConfigProperty(name = "modelgate.demo.key")
    Optional<String> demoKey;

    @Inject
    @ConfigProperty(name = "modelgate.demo.key.id", defaultValue = "demo")
    String demoKeyId;

    private static final long REMEMBER_NANOS = 5_000_000_000L;
    private static final int REMEMBER_AT_MOST = 10_000;

    @Inject
    KeyIssuer issued;

    private final Map<String, String> keyIdByHash = new HashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Remembered> remembered = new java.util.concurrent.ConcurrentHashMap<>();

    private record Remembered(Optional<String> keyId, long until) {
    }

    @PostConstruct
    void load() {
        demoKey.filter(k -> !k.isBlank()).ifPresent(k -> keyIdByHash.put(hash(k), demoKeyId));
    }

    /** The key id for an {@code Authorization: Bearer <key>} header, if the key is known. */
    public Optional<String> keyId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String hash = hash(authorization.substring(7).trim());
        String fixed = keyIdByHash.get(hash);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        long now = System.nanoTime();
        Remembered r = remembered.get(hash);
        if (r != null && r.until() - now > 0) {
            return r.keyId();
        }
        if (remembered.size() >= REMEMBER_AT_MOST) {
            remembered.clear(); // a flood of unknown keys must not grow memory without end
        }
        Optional<String> keyId = issued.keyIdOf(hash);
        remembered.put(hash, new Remembered(keyId, now + REMEMBER_NANOS));
        return keyId;
    }

    static String hash(String secret) {
        return DecisionSigner.sha256(secret.getBytes(StandardCharsets.UTF_8));
    }
}
