package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/** A logical model name clients ask for, served by an ordered list of deployments. */
public record ModelAlias(
        @JsonPropertyDescription("What the alias is for; shown in /v1/models.")
        String description,
        @JsonPropertyDescription("How candidates are ordered: priority (default), weighted, lowest-cost, lowest-latency.")
        Strategy strategy,
        @JsonPropertyDescription("Deployments that can serve this alias.")
        @NotEmpty(message = "must list at least one candidate deployment") List<@Valid Candidate> candidates,
        @JsonPropertyDescription("Other aliases to try, in order, when every candidate of this one failed or was filtered out.")
        List<String> fallbacks,
        @JsonPropertyDescription("Model names that route to this alias, as patterns where * stands for any characters "
                + "(claude-*, gpt-5*), so an agent's default model ids need no alias each. An alias named exactly "
                + "beats any pattern; among matching patterns the longest (most characters other than *) wins.")
        List<String> match,
        @JsonProperty("uncarried_features")
        @JsonPropertyDescription("What to do with a feature of the request that a deployment of another wire format cannot carry "
                + "(an Anthropic server tool, a URL document, a Files API image sent on to an OpenAI-format deployment): refuse "
                + "(default: pass those deployments over, and answer 400 naming the feature when none is left) or drop (send "
                + "the request without it and name what was dropped in the x-modelgate-dropped response header).")
        Uncarried uncarriedFeatures) {

    /** What a pattern may hold: at least one {@code *}, and otherwise the characters model ids are made of. */
    public static final java.util.regex.Pattern PATTERN_SYNTAX = java.util.regex.Pattern.compile("[A-Za-z0-9._:/@*-]*\\*[A-Za-z0-9._:/@*-]*");

    public ModelAlias {
        strategy = strategy == null ? Strategy.PRIORITY : strategy;
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        match = match == null ? List.of() : List.copyOf(match);
        uncarriedFeatures = uncarriedFeatures == null ? Uncarried.REFUSE : uncarriedFeatures;
    }
}
