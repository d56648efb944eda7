package dev.modelgate.relay.credentials;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Seals credential values with AES-256-GCM: a fresh random 12-byte nonce per record, and the credential's
 * name as associated data, so a ciphertext copied onto another name fails its check instead of handing
 * one provider's key to another.
 */
public final class CredentialCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random;

    public CredentialCipher(SecureRandom random) {
        this.random = random;
    }

    public Sealed seal(String name, Secret value, MasterKey key) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] out = cipher.doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return new Sealed(key.id(), b64.encodeToString(nonce), b64.encodeToString(out));
        } catch (GeneralSecurityException e) {
            // The JDK's own provider failing, not anything about the value: say so without the cause's text.
            throw new VaultException("credential '" + name + "' could not be encrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** @throws VaultException naming the credential and key id when no configured key opens the record */
    public Secret open(String name, Sealed sealed, MasterKeys keys) {
        MasterKey key = keys.byId(sealed.keyId()).orElseThrow(() -> new VaultException("credential '" + name
                + "' is encrypted under master key id " + sealed.keyId() + ", which is not configured (configured: "
                + String.join(", ", keys.ids()) + "); set that key in MODELGATE_MASTER_KEY or MODELGATE_MASTER_KEY_PREVIOUS"));
        try {
            byte[] nonce = Base64.getDecoder().decode(sealed.nonce());
            byte[] ciphertext = Base64.getDecoder().decode(sealed.ciphertext());
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new Secret(new String(cipher.doFinal(ciphertext), StandardCharsets.UTF_8));
        } catch (AEADBadTagException e) {
            throw new VaultException("credential '" + name + "' fails its integrity check under master key id " + key.id()
                    + ": the record was altered or moved from another credential name, or the key is wrong");
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new VaultException("credential '" + name + "' under master key id " + key.id() + " is not a readable record ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
