package dev.modelgate.shared.redis;

/** Told once per change between reachable and unreachable, for one log line and one metric per change. */
@FunctionalInterface
public interface RedisState {

    RedisState IGNORE = up -> { };

    void changed(boolean up);
}
