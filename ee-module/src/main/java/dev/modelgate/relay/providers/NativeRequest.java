package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.ProviderType;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A request as the client sent it, in a provider's own wire format (Anthropic's Messages body from
 * {@code /v1/messages}), beside the OpenAI translation the policy decided on. A deployment that speaks the
 * format is sent this body, changed only in its model and by the policy's redactions; any other deployment
 * is sent the translation, unless the request uses something the translation cannot carry.
 *
 * @param format         the wire format of {@code body}
 * @param body           the client's body, never changed here (each deployment gets a copy)
 * @param headers        the client's protocol headers to forward (name, value pairs), e.g. {@code anthropic-version}
 * @param untranslatable what the OpenAI translation cannot carry, named for the client (e.g. "a document block at
 *                       messages.0.content.1"), or null when the translation carries everything that matters
 * @param redactor       the client's body with the redactions the policy made to the translation applied to it, or
 *                       empty when they cannot be applied exactly (the translation is sent then)
 */
public record NativeRequest(ProviderType format, ObjectNode body, List<String> headers, String untranslatable,
                            Function<ObjectNode, Optional<ObjectNode>> redactor) {

    public NativeRequest {
        headers = List.copyOf(headers);
    }

    /** A copy of the body for a deployment's upstream model. */
    public static ObjectNode forModel(ObjectNode body, String upstreamModel) {
        ObjectNode copy = body.deepCopy();
        copy.put("model", upstreamModel);
        return copy;
    }
}
