package dev.modelgate.relay.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Anthropic's prompt-cache breakpoints ({@code cache_control}) in a chat request, where OpenRouter's form of the
 * format puts them: on content parts and on tool definitions. Only Anthropic reads them; OpenAI caches prompts on
 * its own and documents no such field, so an OpenAI-format deployment is sent the request without them. The
 * request tree is shared by every deployment a request may fail over to, so it is copied, never changed, and only
 * when it has a mark (most requests have none and cost one walk over the message list).
 */
public final class CacheMarks {

    private CacheMarks() {
    }

    /** The body as it is when it carries no mark, or a copy without any. */
    public static ObjectNode without(ObjectNode body) {
        if (!marked(body)) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        for (JsonNode message : copy.path("messages")) {
            for (JsonNode part : message.path("content")) {
                if (part instanceof ObjectNode p) {
                    p.remove("cache_control");
                }
            }
        }
        for (JsonNode tool : copy.path("tools")) {
            if (tool instanceof ObjectNode t) {
                t.remove("cache_control");
            }
        }
        return copy;
    }

    private static boolean marked(JsonNode body) {
        for (JsonNode message : body.path("messages")) {
            JsonNode content = message.path("content");
            if (content.isArray()) {
                for (JsonNode part : content) {
                    if (part.has("cache_control")) {
                        return true;
                    }
                }
            }
        }
        for (JsonNode tool : body.path("tools")) {
            if (tool.has("cache_control")) {
                return true;
            }
        }
        return false;
    }
}
