package dev.modelgate.policy.request;

/**
 * A piece of caller-supplied text that guardrails and the token estimate must see.
 *
 * @param pointer JSON Pointer (RFC 6901) of the string node, the key for {@link ParsedRequest#withTexts}
 * @param text    the decoded text
 */
public record TextPart(String pointer, String text) {
}
