/**
 * OpenAI's Responses API as a wire format, both directions: a Responses request carried into a chat request
 * (instructions, input items, function tools and their outputs, {@code text.format}, {@code reasoning.effort},
 * {@code max_output_tokens}) for every deployment reached through chat, and the chat answer and stream carried back
 * as a response object and its typed events; and, for OpenAI's own deployments, what the relay reads of a
 * Responses answer it passes through (usage, the end of a stream).
 */
package dev.modelgate.relay.providers.responses;
