package dev.modelgate.relay.credentials;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The master key new records are sealed with, and the previous ones still accepted while their records are
 * re-encrypted (rotation of the master key).
 */
public final class MasterKeys {

    private final MasterKey current;
    private final Map<String, MasterKey> byId = new LinkedHashMap<>();

    public MasterKeys(MasterKey current, List<MasterKey> previous) {
        this.current = current;
        byId.put(current.id(), current);
        previous.forEach(k -> byId.putIfAbsent(k.id(), k));
    }

    public MasterKey current() {
        return current;
    }

    public Optional<MasterKey> byId(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The ids of every configured key, the current one first: what a message about an unknown id lists. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }
}
