package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * An Anthropic request translated into OpenAI's chat format, with what the answer's translation needs
 * to know about it.
 *
 * @param body          the OpenAI chat completions request
 * @param stream        whether the client asked for a stream
 * @param stopSequences  the client's stop sequences, to tell a {@code stop_sequence} stop from an end of turn
 * @param untranslatable what of the request OpenAI's format cannot carry, named for the client; null when nothing
 */
public record OpenAiChatRequest(ObjectNode body, boolean stream, List<String> stopSequences, String untranslatable) {
}
