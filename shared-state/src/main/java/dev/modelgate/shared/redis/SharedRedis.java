package dev.modelgate.shared.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * One Redis connection for everything a node shares (Lettuce multiplexes it, so concurrent requests pipeline
 * on one socket) and one place for what an outage means: every failure surfaces as
 * {@link SharedStateUnavailableException} within the command timeout, and Redis is then not asked again for
 * {@code backoff}, so an outage costs one timeout per back-off period rather than one per request. The first
 * successful command after that is the recovery: nobody has to restart anything.
 *
 * <p>Scripts run by SHA ({@code EVALSHA}); a Redis that does not know one yet (first use, restart, failover,
 * {@code SCRIPT FLUSH}) gets the script itself once.
 */
public final class SharedRedis implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SharedRedis.class.getName());

    private static final Duration MIN_HANDSHAKE = Duration.ofSeconds(3);

    private final RedisClient client;
    private final Duration backoff;
    private final Clock clock;
    private final RedisState state;
    private volatile StatefulRedisConnection<String, String> connection;
    private volatile long downUntilMillis;
    private volatile boolean down;

    /**
     * @param uri     e.g. {@code redis://127.0.0.1:6379/0} ({@code rediss://} for TLS, {@code redis://:password@host})
     * @param timeout longest a request waits for Redis before its failure mode applies
     * @param backoff how long to stop asking Redis after a failure
     * @param state   told of each change between reachable and unreachable
     */
    public SharedRedis(String uri, Duration timeout, Duration backoff, Clock clock, RedisState state) {
        RedisURI redisUri = RedisURI.create(uri);
        // The URI's timeout bounds the connection handshake, which on a cold JVM loads Netty first; the per-request
        // bound is the command timeout below. Reconnects run in the background and never hold a request.
        redisUri.setTimeout(timeout.compareTo(MIN_HANDSHAKE) < 0 ? MIN_HANDSHAKE : timeout);
        this.client = RedisClient.create(redisUri);
        // Commands fail at once while disconnected instead of queueing behind a reconnect.
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        this.backoff = backoff;
        this.clock = clock;
        this.state = state;
    }

    /**
     * A script and its SHA, read once from the classpath next to {@code owner} (or from an absolute resource
     * path). Several parts are joined into one script, in order: Redis has no include, so functions that more
     * than one script uses (one algorithm, written once) live in a part of their own, placed first.
     */
    public record Script(String source, String sha) {

        public static Script load(Class<?> owner, String... parts) {
            StringBuilder source = new StringBuilder();
            for (String name : parts) {
                try (InputStream in = Objects.requireNonNull(owner.getResourceAsStream(name), name)) {
                    source.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + name, e);
                }
            }
            return new Script(source.toString(), sha1(source.toString()));
        }

        private static String sha1(String source) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
                return java.util.HexFormat.of().formatHex(d);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Runs a script that answers an array of integers: one round trip. */
    public List<Long> eval(Script script, String[] keys, String... args) {
        return call(redis -> {
            try {
                return redis.<List<Long>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.<List<Long>>eval(script.source(), ScriptOutputType.MULTI, keys, args);
            }
        });
    }

    /**
     * {@link #eval} without waiting for the answer, so that several commands go out together and are answered
     * in one round trip (Lettuce pipelines what is sent on one connection before the answers are read).
     */
    public CompletableFuture<List<Long>> evalAsync(Script script, String[] keys, String... args) {
        return callAsync(redis -> redis.<List<Long>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                .exceptionallyCompose(e -> unwrap(e) instanceof RedisNoScriptException
                        ? redis.<List<Long>>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(e)));
    }

    /**
     * Any other command, without waiting, under the same failure rules as {@link #call}: the stage fails with
     * {@link SharedStateUnavailableException} when Redis is down or does not answer within the timeout.
     * Its callbacks run on Lettuce's I/O thread: they must not call Redis and wait.
     */
    public <T> CompletableFuture<T> callAsync(Function<RedisAsyncCommands<String, String>, CompletableFuture<T>> command) {
        if (clock.millis() < downUntilMillis) {
            return CompletableFuture.failedFuture(new SharedStateUnavailableException("Redis unavailable (recent failure, next try in under "
                    + backoff.toMillis() + " ms)"));
        }
        CompletableFuture<T> sent;
        try {
            sent = command.apply(connection().async());
        } catch (RedisException | IllegalStateException e) {
            failed(e);
            return CompletableFuture.failedFuture(new SharedStateUnavailableException("Redis unavailable"));
        }
        return sent.handle((answer, error) -> {
            if (error == null) {
                succeeded();
                return answer;
            }
            Throwable cause = unwrap(error);
            if (cause instanceof RedisException || cause instanceof IllegalStateException) {
                failed(cause);
                throw new SharedStateUnavailableException("Redis unavailable");
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /** {@code SET key 1 NX PXAT until}: true when this call created the key. */
    public boolean setIfAbsent(String key, long untilEpochMillis) {
        return call(redis -> "OK".equals(redis.set(key, "1", SetArgs.Builder.nx().pxAt(untilEpochMillis))));
    }

    /** Any other command, under the same failure rules. */
    public <T> T call(Function<RedisCommands<String, String>, T> command) {
        if (clock.millis() < downUntilMillis) {
            throw new SharedStateUnavailableException("Redis unavailable (recent failure, next try in under "
                    + backoff.toMillis() + " ms)");
        }
        T answer;
        try {
            answer = command.apply(connection().sync());
        } catch (RedisException | IllegalStateException e) {
            failed(e);
            throw new SharedStateUnavailableException("Redis unavailable");
        }
        succeeded();
        return answer;
    }

    /** One log line and one state change per outage, however many requests see it. */
    private synchronized void failed(Throwable e) {
        downUntilMillis = clock.millis() + backoff.toMillis();
        if (!down) {
            down = true;
            LOG.log(System.Logger.Level.WARNING, "Redis unreachable (" + e.getClass().getSimpleName() + rootCause(e)
                    + "); shared budgets fail closed, limits follow counters_unavailable; retrying every "
                    + backoff.toMillis() + " ms");
            state.changed(false);
        }
    }

    private void succeeded() {
        if (down) {
            synchronized (this) {
                if (down) {
                    down = false;
                    downUntilMillis = 0;
                    LOG.log(System.Logger.Level.INFO, "Redis reachable again; shared state in use");
                    state.changed(true);
                }
            }
        }
    }

    /** The innermost cause's type: says refused, timed out or unknown host without echoing the URI (it may carry a password). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : ": " + root.getClass().getSimpleName();
    }

    /** False from the first failure until the next success. */
    public boolean up() {
        return !down;
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> c = connection;
        if (c == null) {
            synchronized (this) {
                c = connection;
                if (c == null) {
                    c = client.connect();
                    connection = c;
                }
            }
        }
        return c;
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
