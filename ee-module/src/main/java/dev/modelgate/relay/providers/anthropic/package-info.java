/**
 * Anthropic's Messages wire format, both directions, in one place: requests, answers and streams.
 *
 * <p>To an Anthropic deployment: {@code AnthropicAdapter} calls it, passing a Messages client's body through
 * ({@code AnthropicWire} reads the usage of what comes back) or translating an OpenAI-shaped request
 * ({@code AnthropicRequests}, {@code AnthropicMessages}) and its answer and stream back ({@code AnthropicAnswers},
 * {@code AnthropicStream}, {@code AnthropicUsage}); {@code AnthropicTokenCount} asks its count endpoint.
 *
 * <p>From a Messages client served by any other provider: the policy language reads its request
 * ({@code dev.modelgate.policy.request}: {@code MessagesRequests} translates it to OpenAI's shape, naming what cannot
 * be carried; {@code MessagesRedactions} carries the policy's redactions over to the client's own body;
 * {@code MessagesErrors} writes Anthropic's error shape), so that gateway nodes read it exactly as the relay does;
 * here {@code MessagesAnswers}, {@code MessagesStream} and {@code MessagesUsage} translate the answer and stream
 * back. {@code WireRoundTripTest} holds the two directions to each other.
 */
package dev.modelgate.relay.providers.anthropic;
