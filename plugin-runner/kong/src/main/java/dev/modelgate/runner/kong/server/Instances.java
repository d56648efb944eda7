package dev.modelgate.runner.kong.server;

import dev.modelgate.runner.kong.plugin.KongConfig;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plugin instances Kong has started, one per plugin configuration and version ({@code __seq__}): Kong starts
 * a new one when a configuration changes, then closes the old one, so both may serve requests for a moment.
 * An instance's id is derived from its configuration ({@link ConfigIdentity}), so it means the same thing in
 * every process: starting a configuration this process already runs (another Kong worker, or Kong again after
 * a hang-up) gives back the same instance.
 */
public final class Instances {

    private static final System.Logger LOG = System.getLogger(Instances.class.getName());
    /** Far more than two configurations of one process will ever share a 31-bit prefix of their digests. */
    private static final int MAX_ATTEMPTS = 64;

    public record Instance(int id, String plugin, KongConfig config, long startedAt, ConfigIdentity identity) {
    }

    private final Map<Integer, Instance> running = new ConcurrentHashMap<>();

    public synchronized Instance start(String plugin, byte[] configJson) {
        ConfigIdentity identity = ConfigIdentity.of(plugin, configJson);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            int id = identity.id(attempt);
            Instance held = running.get(id);
            if (held == null) {
                Instance instance = new Instance(id, plugin, KongConfig.parse(configJson), Instant.now().getEpochSecond(), identity);
                running.put(id, instance);
                return instance;
            }
            if (held.identity().equals(identity)) {
                return held;
            }
            // Two configurations whose digests share 31 bits: the later one takes the next derived id. Another
            // process may order them the other way; the chance of such a pair is about n^2 / 2^32.
            LOG.log(System.Logger.Level.WARNING, "plugin instance id " + id + " is taken by another configuration ("
                    + held.identity() + " vs " + identity + "); deriving the next one");
        }
        throw new IllegalStateException("no free plugin instance id for " + identity + " after " + MAX_ATTEMPTS + " attempts");
    }

    public Optional<Instance> get(int id) {
        return Optional.ofNullable(running.get(id));
    }

    public Optional<Instance> close(int id) {
        return Optional.ofNullable(running.remove(id));
    }
}
