package dev.modelgate.policy.guard;

import java.util.List;
import java.util.Map;

/**
 * What the guardrails decided for one request.
 *
 * @param deniedBy    id of the guardrail that denies the request, or null
 * @param deniedWhat  what it found, in words that never repeat the matched text (e.g. "a credit card number")
 * @param redactions  replacement text by JSON Pointer of the text node; empty when nothing is redacted
 * @param redactedBy  ids of guardrails that redacted something
 * @param loggedBy    ids of log-only guardrails that fired
 */
public record GuardOutcome(String deniedBy, String deniedWhat, Map<String, String> redactions,
                           List<String> redactedBy, List<String> loggedBy) {

    public boolean denied() {
        return deniedBy != null;
    }
}
