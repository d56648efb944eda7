package dev.modelgate.relay.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the master key settings into keys: {@code MODELGATE_MASTER_KEY} (base64 of 32 bytes) or
 * {@code MODELGATE_MASTER_KEY_FILE} (a file holding that base64), and {@code MODELGATE_MASTER_KEY_PREVIOUS}
 * (comma-separated base64, keys being rotated out). Neither key nor file: the vault is off.
 */
final class MasterKeySettings {

    private MasterKeySettings() {
    }

    /** @throws VaultException when a setting is malformed, the file unreadable, or both key and file are set */
    static Optional<MasterKeys> parse(Optional<String> key, Optional<String> file, Optional<String> previous) {
        Optional<String> inline = key.filter(s -> !s.isBlank());
        Optional<String> path = file.filter(s -> !s.isBlank());
        if (inline.isPresent() && path.isPresent()) {
            throw new VaultException("set MODELGATE_MASTER_KEY or MODELGATE_MASTER_KEY_FILE, not both");
        }
        Optional<MasterKey> current = inline.map(k -> MasterKey.fromBase64(k, "MODELGATE_MASTER_KEY"))
                .or(() -> path.map(p -> MasterKey.fromBase64(read(Path.of(p)), "the file " + p + " (MODELGATE_MASTER_KEY_FILE)")));
        List<MasterKey> older = new ArrayList<>();
        String[] parts = previous.orElse("").split(",");
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].isBlank()) {
                older.add(MasterKey.fromBase64(parts[i], "MODELGATE_MASTER_KEY_PREVIOUS (entry " + (i + 1) + ")"));
            }
        }
        if (current.isEmpty() && !older.isEmpty()) {
            throw new VaultException("MODELGATE_MASTER_KEY_PREVIOUS is set but no current key: set MODELGATE_MASTER_KEY or MODELGATE_MASTER_KEY_FILE");
        }
        return current.map(c -> new MasterKeys(c, older));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new VaultException("the master key file " + file + " (MODELGATE_MASTER_KEY_FILE) cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }
}
