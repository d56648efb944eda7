package dev.modelgate.relay.credentials;

import dev.modelgate.policy.decision.DecisionSigner;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * One AES-256 master key and its id: the first 8 bytes of its SHA-256, in hex. The id is stored with every
 * record so start-up can tell which configured key opens it, and names the key in messages without
 * revealing it.
 */
public final class MasterKey {

    private static final int KEY_BYTES = 32;

    private final SecretKey key;
    private final String id;

    private MasterKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "AES");
        this.id = idOf(raw);
    }

    /**
     * @param origin where the text came from (a setting's name), for the message when it is not a key
     * @throws VaultException when the text is not base64 of exactly 32 bytes
     */
    public static MasterKey fromBase64(String base64, String origin) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new VaultException(origin + " is not base64 (make one with: head -c 32 /dev/urandom | base64)");
        }
        if (raw.length != KEY_BYTES) {
            throw new VaultException(origin + " must be base64 of 32 bytes, it holds " + raw.length
                    + " (make one with: head -c 32 /dev/urandom | base64)");
        }
        MasterKey key = new MasterKey(raw);
        Arrays.fill(raw, (byte) 0);
        return key;
    }

    public String id() {
        return id;
    }

    SecretKey key() {
        return key;
    }

    private static String idOf(byte[] raw) {
        return DecisionSigner.sha256(raw).substring(0, 16);
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
