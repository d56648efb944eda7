package dev.modelgate.policy.eval;

import dev.modelgate.policy.routing.RoutePlan;

import java.util.List;

/**
 * The evaluator's answer for one request: either admitted, with the ordered deployments to try and
 * what was reserved for it, or rejected, in OpenAI's error terms. Both carry the trace that
 * {@code modelgate explain} prints and hosts log.
 */
public sealed interface Decision permits Decision.Admitted, Decision.Rejected {

    Trace trace();

    /**
     * @param team             team id
     * @param key              API key id, or null when identified by consumer only
     * @param alias            alias that serves the request (after rules)
     * @param plan             deployments to try in order, and the ones dropped with reasons
     * @param inputTokens      estimated input tokens
     * @param outputTokens     output tokens assumed for limits and cost (the request's max, or a default)
     * @param reservedMicros   estimated cost reserved against budgets, micro-USD
     * @param redactedBody     the body to forward when guardrails redacted something; null when unchanged
     * @param redactedBy       ids of the guardrails that redacted (empty when nothing was)
     * @param admission        what to settle or release when the call ends
     */
    record Admitted(String team, String key, String alias, RoutePlan plan, long inputTokens, long outputTokens,
                    long reservedMicros, byte[] redactedBody, List<String> redactedBy, Admission admission, Trace trace)
            implements Decision {

        public Admitted {
            redactedBy = List.copyOf(redactedBy);
        }

        public boolean redacted() {
            return redactedBody != null;
        }
    }

    record Rejected(Rejection rejection, Trace trace) implements Decision {
    }

    /**
     * Why the decision came out as it did.
     *
     * @param rule       id of the CEL rule that applied, or null
     * @param guardrails what each guardrail that fired did, e.g. "no-secrets: deny (a secret or credential)"
     * @param limits     the limits and budgets that applied, with their values
     * @param notes      anything else worth knowing (soft budget exceeded, fallbacks used)
     * @param plan       the routing plan, when routing was reached (also on a 503: it says why each deployment was dropped)
     */
    record Trace(String rule, List<String> guardrails, List<String> limits, List<String> notes, RoutePlan plan) {
        public Trace {
            guardrails = List.copyOf(guardrails);
            limits = List.copyOf(limits);
            notes = List.copyOf(notes);
        }
    }
}
