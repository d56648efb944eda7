package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    static final String VALUE = "sk-test-cipher-0123456789abcdef";
    private final CredentialCipher cipher = new CredentialCipher(new SecureRandom());
    private final MasterKey key = newKey();
    private final MasterKeys keys = new MasterKeys(key, List.of());

    static MasterKey newKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return MasterKey.fromBase64(Base64.getEncoder().encodeToString(raw), "test key");
    }

    @Test
    void roundTripUnderTheCurrentKey() {
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), key);
        assertThat(sealed.keyId()).isEqualTo(key.id()).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(sealed.ciphertext()).doesNotContain(VALUE);
        assertThat(Base64.getDecoder().decode(sealed.nonce())).hasSize(12);
        assertThat(cipher.open("openai-prod", sealed, keys).reveal()).isEqualTo(VALUE);
    }

    @Test
    void everySealingTakesAFreshNonce() {
        Sealed a = cipher.seal("openai-prod", new Secret(VALUE), key);
        Sealed b = cipher.seal("openai-prod", new Secret(VALUE), key);
        assertThat(a.nonce()).isNotEqualTo(b.nonce());
        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
    }

    @Test
    void theKeyIdIsTheHeadOfTheKeysSha256() throws Exception {
        byte[] raw = new byte[32];
        raw[0] = 7;
        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(raw), 0, 8);
        assertThat(MasterKey.fromBase64(Base64.getEncoder().encodeToString(raw), "k").id()).isEqualTo(expected);
    }

    @Test
    void aRecordUnderAnUnconfiguredKeyNamesTheCredentialAndKeyIdButNotTheValue() {
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), key);
        MasterKey other = newKey();
        assertThatThrownBy(() -> cipher.open("openai-prod", sealed, new MasterKeys(other, List.of())))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("openai-prod").hasMessageContaining(key.id()).hasMessageContaining(other.id())
                .hasMessageContaining("MODELGATE_MASTER_KEY")
                .hasMessageNotContaining(VALUE);
    }

    @Test
    void aWrongKeyUnderTheRecordedIdFailsTheCheck() {
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), key);
        MasterKey other = newKey();
        Sealed relabelled = new Sealed(other.id(), sealed.nonce(), sealed.ciphertext());
        assertThatThrownBy(() -> cipher.open("openai-prod", relabelled, new MasterKeys(other, List.of())))
                .isInstanceOf(VaultException.class).hasMessageContaining("openai-prod").hasMessageContaining(other.id())
                .hasMessageContaining("integrity").hasMessageNotContaining(VALUE);
    }

    @Test
    void aTamperedCiphertextIsDetected() {
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), key);
        byte[] bytes = Base64.getDecoder().decode(sealed.ciphertext());
        bytes[3] ^= 1;
        Sealed tampered = new Sealed(sealed.keyId(), sealed.nonce(), Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> cipher.open("openai-prod", tampered, keys))
                .isInstanceOf(VaultException.class).hasMessageContaining("integrity").hasMessageNotContaining(VALUE);
    }

    @Test
    void aCiphertextMovedToAnotherNameIsDetected() {
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), key);
        assertThatThrownBy(() -> cipher.open("anthropic-prod", sealed, keys))
                .isInstanceOf(VaultException.class).hasMessageContaining("anthropic-prod").hasMessageContaining("integrity");
    }

    @Test
    void aPreviousKeyStillOpensItsRecords() {
        MasterKey old = newKey();
        Sealed sealed = cipher.seal("openai-prod", new Secret(VALUE), old);
        MasterKeys rotated = new MasterKeys(key, List.of(old));
        assertThat(cipher.open("openai-prod", sealed, rotated).reveal()).isEqualTo(VALUE);
    }

    @Test
    void aMalformedMasterKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> MasterKey.fromBase64("c2hvcnQ=", "MODELGATE_MASTER_KEY"))
                .hasMessageContaining("MODELGATE_MASTER_KEY").hasMessageContaining("32 bytes").hasMessageNotContaining("c2hvcnQ=");
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64 at all!", "MODELGATE_MASTER_KEY"))
                .hasMessageContaining("not base64").hasMessageNotContaining("at all");
    }

    @Test
    void secretsPrintMasked() {
        assertThat(new Secret(VALUE).toString()).doesNotContain(VALUE).doesNotContain("sk-");
        assertThat(key.toString()).isEqualTo("MasterKey[" + key.id() + "]");
    }
}
