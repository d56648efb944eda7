package dev.modelgate.policy.eval;

import java.util.Map;

/**
 * Who is calling, as established by the host: the gateway consumer name (APISIX/Kong authenticated it)
 * and/or a Modelgate API key id (the relay checked its secret). Never taken from the request body.
 *
 * @param headers request headers (lower-case names) for CEL rules; identity and Modelgate headers excluded by the host
 */
public record Caller(String consumer, String keyId, Map<String, String> headers) {

    public Caller {
        headers = headers == null ? Map.of() : headers;
    }

    public static Caller consumer(String consumer) {
        return new Caller(consumer, null, Map.of());
    }

    public static Caller key(String keyId) {
        return new Caller(null, keyId, Map.of());
    }
}
