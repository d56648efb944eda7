package dev.modelgate.relay.policy;

import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.policy.model.Policy;

import java.util.Map;
import java.util.Optional;

/**
 * A deployment ({@code provider/model}) as this relay's policy describes it, for work another host decided
 * (a gateway node's decision, a posted usage event): the named alias's own candidate first, since its price
 * may differ, else the same deployment under any alias.
 */
public final class Deployments {

    /** The candidate and the alias it was found under. */
    public record Found(String alias, Candidate candidate) {
    }

    private Deployments() {
    }

    public static Optional<Found> find(Policy policy, String alias, String deploymentId) {
        ModelAlias own = alias == null ? null : policy.models().get(alias);
        if (own != null) {
            for (Candidate c : own.candidates()) {
                if (c.deploymentId().equals(deploymentId)) {
                    return Optional.of(new Found(alias, c));
                }
            }
        }
        for (Map.Entry<String, ModelAlias> entry : policy.models().entrySet()) {
            for (Candidate c : entry.getValue().candidates()) {
                if (c.deploymentId().equals(deploymentId)) {
                    return Optional.of(new Found(entry.getKey(), c));
                }
            }
        }
        return Optional.empty();
    }
}
