package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import static dev.modelgate.relay.credentials.CredentialCipherTest.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultOpeningTest {

    private final CredentialCipher cipher = new CredentialCipher(new SecureRandom());
    private final MasterKey old = newKey();
    private final MasterKey current = newKey();

    private CredentialRow row(String name, String value, MasterKey key) {
        return new CredentialRow(name, cipher.seal(name, new Secret(value), key), 3, Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void recordsUnderAPreviousKeyAreSealedAgainUnderTheCurrentOne() {
        List<CredentialRow> rows = List.of(row("a", "value-a", old), row("b", "value-b", current));
        VaultOpening.Opened opened = VaultOpening.open(rows, new MasterKeys(current, List.of(old)), cipher);

        assertThat(opened.entries().get("a").secret().reveal()).isEqualTo("value-a");
        assertThat(opened.entries().get("b").secret().reveal()).isEqualTo("value-b");
        assertThat(opened.resealed()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("a");
            assertThat(r.fromKeyId()).isEqualTo(old.id());
            assertThat(r.sealed().keyId()).isEqualTo(current.id());
            // Written back, the record opens with the current key alone: the old key can then be retired.
            assertThat(cipher.open("a", r.sealed(), new MasterKeys(current, List.of())).reveal()).isEqualTo("value-a");
        });
        assertThat(opened.entries().get("a").row().sealed().keyId()).isEqualTo(current.id());
        assertThat(opened.entries().get("a").row().version()).as("re-encryption is not a new value").isEqualTo(3);
    }

    @Test
    void aRecordNoConfiguredKeyOpensFailsTheWholeOpening() {
        List<CredentialRow> rows = List.of(row("fine", "v1", current), row("orphan", "secret-orphan-value", old));
        assertThatThrownBy(() -> VaultOpening.open(rows, new MasterKeys(current, List.of()), cipher))
                .isInstanceOf(VaultException.class).hasMessageContaining("orphan").hasMessageContaining(old.id())
                .hasMessageNotContaining("secret-orphan-value");
    }
}
