package dev.modelgate.runner.kong.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a plugin instance is: the plugin's name and the exact configuration Kong sent, Kong's own keys included
 * ({@code __seq__}, {@code __plugin_id}, {@code __key__}, {@code route_id}, ...). Instance ids are derived from
 * it rather than counted, so that every process hands out the same id for the same configuration and never
 * that id for another one: an id Kong cached before a plugin-server restart either names the same
 * configuration again or is unknown, and an unknown id makes Kong send the configuration again. A counter
 * restarted at 1 after a restart, so a cached id could name another route's configuration.
 *
 * <p>The JSON is put in one canonical form (keys sorted) first: Kong's encoder does not promise an order.
 *
 * @param digest SHA-256 of the canonical form, hex; equal digests are the same configuration
 */
public record ConfigIdentity(String digest) {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    static ConfigIdentity of(String plugin, byte[] configJson) {
        byte[] canonical = canonical(configJson);
        MessageDigest sha = sha256();
        sha.update(plugin.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] digest = sha.digest(canonical);
        return new ConfigIdentity(HexFormat.of().formatHex(digest));
    }

    /**
     * The instance id to try first ({@code attempt} 0), or after {@code attempt} collisions with other
     * configurations in this process. Positive and never 0 (protobuf's "not set").
     */
    int id(int attempt) {
        byte[] source = HexFormat.of().parseHex(digest);
        if (attempt > 0) {
            MessageDigest sha = sha256();
            sha.update(source);
            source = sha.digest(ByteBuffer.allocate(4).putInt(attempt).array());
        }
        int id = ByteBuffer.wrap(source, 0, 4).getInt() & Integer.MAX_VALUE;
        return id == 0 ? 1 : id;
    }

    @Override
    public String toString() {
        return "config " + digest.substring(0, 12);
    }

    /** Sorted-key JSON; a configuration that is not JSON is taken byte for byte (its instance answers 500 anyway). */
    private static byte[] canonical(byte[] json) {
        try {
            Object tree = CANONICAL.readValue(json, Object.class);
            return CANONICAL.writeValueAsBytes(tree);
        } catch (IOException e) {
            return json;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
