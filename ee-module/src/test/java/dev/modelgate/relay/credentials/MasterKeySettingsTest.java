package dev.modelgate.relay.credentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeySettingsTest {

    private static String base64Key() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    @Test
    void nothingSetMeansNoVault() {
        assertThat(MasterKeySettings.parse(Optional.empty(), Optional.of(" "), Optional.empty())).isEmpty();
    }

    @Test
    void theKeyComesInlineOrFromAFileAndPreviousKeysStillOpen(@TempDir Path dir) throws Exception {
        String current = base64Key();
        String old1 = base64Key();
        String old2 = base64Key();
        Path file = dir.resolve("master.key");
        Files.writeString(file, current + "\n");

        MasterKeys inline = MasterKeySettings.parse(Optional.of(current), Optional.empty(), Optional.of(old1 + ", " + old2)).orElseThrow();
        MasterKeys fromFile = MasterKeySettings.parse(Optional.empty(), Optional.of(file.toString()), Optional.empty()).orElseThrow();

        assertThat(fromFile.current().id()).isEqualTo(inline.current().id());
        assertThat(inline.ids()).hasSize(3).first().isEqualTo(inline.current().id());
        assertThat(inline.byId(MasterKey.fromBase64(old2, "x").id())).isPresent();
    }

    @Test
    void ambiguousOrBrokenSettingsStopTheStart(@TempDir Path dir) {
        String key = base64Key();
        assertThatThrownBy(() -> MasterKeySettings.parse(Optional.of(key), Optional.of("/some/file"), Optional.empty()))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> MasterKeySettings.parse(Optional.empty(), Optional.of(dir.resolve("absent").toString()), Optional.empty()))
                .hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> MasterKeySettings.parse(Optional.empty(), Optional.empty(), Optional.of(key)))
                .hasMessageContaining("no current key");
        assertThatThrownBy(() -> MasterKeySettings.parse(Optional.of(key), Optional.empty(), Optional.of("c2hvcnQ=")))
                .hasMessageContaining("MODELGATE_MASTER_KEY_PREVIOUS (entry 1)").hasMessageNotContaining("c2hvcnQ=");
    }
}
