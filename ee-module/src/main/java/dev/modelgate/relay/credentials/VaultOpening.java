package dev.modelgate.relay.credentials;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up's pass over the stored records: every one must open (else the start fails, naming the credential
 * and key id), and those under a previous master key are sealed again under the current one.
 */
final class VaultOpening {

    /** A record sealed again under the current key, to be written back. */
    record Resealed(String name, String fromKeyId, Sealed sealed) {
    }

    record Opened(Map<String, VaultEntry> entries, List<Resealed> resealed) {
    }

    private VaultOpening() {
    }

    /** @throws VaultException at the first record no configured key opens */
    static Opened open(List<CredentialRow> rows, MasterKeys keys, CredentialCipher cipher) {
        Map<String, VaultEntry> entries = new HashMap<>();
        List<Resealed> resealed = new ArrayList<>();
        String current = keys.current().id();
        for (CredentialRow row : rows) {
            Secret secret = cipher.open(row.name(), row.sealed(), keys);
            CredentialRow now = row;
            if (!row.sealed().keyId().equals(current)) {
                Sealed again = cipher.seal(row.name(), secret, keys.current());
                resealed.add(new Resealed(row.name(), row.sealed().keyId(), again));
                now = new CredentialRow(row.name(), again, row.version(), row.createdAt(), row.updatedAt());
            }
            entries.put(row.name(), new VaultEntry(now, secret));
        }
        return new Opened(entries, resealed);
    }
}
