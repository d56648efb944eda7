package dev.modelgate.relay.auth;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Modelgate API keys of standalone mode. Only SHA-256 hashes of the secrets are held, looked up by
 * hash, so neither the map nor a timing difference reveals a key. For now the demo key
 * ({@code modelgate.demo.key}, env {@code MODELGATE_DEMO_KEY}) maps to key id {@code demo}; issued
 * keys in the database come with settlement.
 */
@ApplicationScoped
public class ApiKeys {

    @Inject
    @ConfigProperty(name = "modelgate.demo.key")
    Optional<String> demoKey;

    @Inject
    @ConfigProperty(name = "modelgate.demo.key.id", defaultValue = "demo")
    String demoKeyId;

    private final Map<String, String> keyIdByHash = new HashMap<>();

    @PostConstruct
    void load() {
        demoKey.filter(k -> !k.isBlank()).ifPresent(k -> keyIdByHash.put(hash(k), demoKeyId));
    }

    /** The key id for an {@code Authorization: Bearer <key>} header, if the key is known. */
    public Optional<String> keyId(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.ofNullable(keyIdByHash.get(hash(authorization.substring(7).trim())));
    }

    static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
