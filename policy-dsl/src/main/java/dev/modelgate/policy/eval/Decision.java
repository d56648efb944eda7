package dev.modelgate.policy.eval;

import dev.modelgate.policy.model.GuardAction;
import dev.modelgate.policy.routing.RoutePlan;

import java.util.List;
import java.util.Locale;

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
     * A guardrail that fired and what it did, for hosts that count or report hits by guardrail and action.
     *
     * @param id     the guardrail's id in the policy
     * @param action what it did to the request
     * @param what   what it found, in words (never the matched text), or null
     */
    record GuardrailHit(String id, GuardAction action, String what) {

        /** As traces print it, e.g. "no-secrets: deny (a secret or credential)". */
        public String describe() {
            return id + ": " + action.name().toLowerCase(Locale.ROOT) + (what == null ? "" : " (" + what + ")");
        }
    }

    /**
     * Why the decision came out as it did.
     *
     * @param rule          id of the CEL rule that applied, or null
     * @param guardrailHits each guardrail that fired, in the order they were checked
     * @param limits        the limits and budgets that applied, with their values
     * @param notes         anything else worth knowing (soft budget exceeded, fallbacks used)
     * @param plan          the routing plan, when routing was reached (also on a 503: it says why each deployment was dropped)
     */
    record Trace(String rule, List<GuardrailHit> guardrailHits, List<String> limits, List<String> notes, RoutePlan plan) {
        public Trace {
            guardrailHits = List.copyOf(guardrailHits);
            limits = List.copyOf(limits);
            notes = List.copyOf(notes);
        }

        /** What each guardrail that fired did, in words, e.g. "no-secrets: deny (a secret or credential)". */
        public List<String> guardrails() {
            return guardrailHits.stream().map(GuardrailHit::describe).toList();
        }
    }
}
