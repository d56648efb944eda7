package dev.modelgate.runner.kong.server;

import dev.modelgate.runner.kong.plugin.KongConfig;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugin instances Kong has started, one per plugin configuration and version ({@code __seq__}): Kong starts
 * a new one when a configuration changes, then closes the old one, so both may serve requests for a moment.
 */
public final class Instances {

    public record Instance(int id, String plugin, KongConfig config, long startedAt) {
    }

    private final Map<Integer, Instance> running = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public Instance start(String plugin, byte[] configJson) {
        Instance instance = new Instance(ids.incrementAndGet(), plugin, KongConfig.parse(configJson), Instant.now().getEpochSecond());
        running.put(instance.id(), instance);
        return instance;
    }

    public Optional<Instance> get(int id) {
        return Optional.ofNullable(running.get(id));
    }

    public Optional<Instance> close(int id) {
        return Optional.ofNullable(running.remove(id));
    }
}
