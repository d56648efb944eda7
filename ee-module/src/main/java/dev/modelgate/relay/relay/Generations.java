package dev.modelgate.relay.relay;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Recent generation records, in memory and bounded (the usage ledger keeps the durable record of every attempt):
 * enough for a client to ask "which provider served my request, after which failures".
 */
@ApplicationScoped
public class Generations {

    private final Cache<String, Generation> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofHours(24))
            .build();

    void record(Generation generation) {
        recent.put(generation.id(), generation);
    }

    public Optional<Generation> find(String id) {
        return Optional.ofNullable(recent.getIfPresent(id));
    }
}
