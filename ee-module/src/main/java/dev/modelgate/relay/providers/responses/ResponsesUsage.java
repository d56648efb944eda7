package dev.modelgate.relay.providers.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.pricing.Usage;

/** Token usage in the Responses API's shape, from chat's and into what the relay bills. */
final class ResponsesUsage {

    private ResponsesUsage() {
    }

    /** Chat's {@code usage} as a response's; zeros when the chat answer carried none. */
    static ObjectNode fromChat(JsonNode chat) {
        long input = Math.max(0, chat.path("prompt_tokens").asLong(0));
        long output = Math.max(0, chat.path("completion_tokens").asLong(0));
        ObjectNode usage = JsonNodeFactory.instance.objectNode();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens",
                Math.max(0, chat.path("prompt_tokens_details").path("cached_tokens").asLong(0)));
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                Math.max(0, chat.path("completion_tokens_details").path("reasoning_tokens").asLong(0)));
        usage.put("total_tokens", input + output);
        return usage;
    }

    /**
     * A response's {@code usage} as billed: cache reads and reasoning are parts of the input and output counts, as in
     * chat, cut to them so an inconsistent report cannot make a negative price.
     */
    static Usage billed(JsonNode usage) {
        long input = Math.max(0, usage.path("input_tokens").asLong(0));
        long cached = Math.min(input, Math.max(0, usage.path("input_tokens_details").path("cached_tokens").asLong(0)));
        long output = Math.max(0, usage.path("output_tokens").asLong(0));
        long reasoning = Math.min(output, Math.max(0, usage.path("output_tokens_details").path("reasoning_tokens").asLong(0)));
        return new Usage(input, cached, 0, 0, output, reasoning, 0);
    }
}
