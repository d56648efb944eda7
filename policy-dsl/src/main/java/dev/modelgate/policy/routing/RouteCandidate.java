package dev.modelgate.policy.routing;

import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.Provider;

/** A deployment kept for a request, with the alias it serves and this request's estimated cost. */
public record RouteCandidate(String alias, String providerId, Provider provider, Candidate candidate, long estimatedCostMicros) {

    public String deploymentId() {
        return candidate.deploymentId();
    }
}
