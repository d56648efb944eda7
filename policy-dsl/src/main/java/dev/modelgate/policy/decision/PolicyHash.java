package dev.modelgate.policy.decision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelgate.policy.model.Policy;

/**
 * A short, stable fingerprint of a policy's content (after merging and defaults), so a gateway and a
 * relay can tell whether they run the same policy: redaction is only honoured when they do.
 */
public final class PolicyHash {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private PolicyHash() {
    }

    public static String of(Policy policy) {
        try {
            return DecisionSigner.sha256(CANONICAL.writeValueAsBytes(policy)).substring(0, 16);
        } catch (Exception e) {
            throw new IllegalStateException("cannot fingerprint policy", e);
        }
    }
}
