package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;

import java.util.List;

/** A team: the unit that is identified, limited, budgeted and charged. */
public record Team(
        @JsonPropertyDescription("Gateway consumer names (APISIX consumers) that belong to this team.")
        List<String> consumers,
        @JsonPropertyDescription("Modelgate API keys of this team, by key id, with optional per-key limits and budget.")
        List<@Valid ApiKey> keys,
        @JsonProperty("allow_models")
        @JsonPropertyDescription("Aliases the team may use; '*' allows all. Default: all.")
        List<String> allowModels,
        @JsonPropertyDescription("Rate limits for the whole team.")
        @Valid Limits limits,
        @JsonProperty("model_limits")
        @JsonPropertyDescription("Rate limits for the team on one alias, by alias.")
        java.util.Map<String, @Valid Limits> modelLimits,
        @JsonPropertyDescription("Spend cap for the team.")
        @Valid Budget budget,
        @JsonProperty("data_policy")
        @JsonPropertyDescription("Where this team's data may go.")
        @Valid DataPolicy dataPolicy) {

    public Team {
        consumers = consumers == null ? List.of() : List.copyOf(consumers);
        keys = keys == null ? List.of() : List.copyOf(keys);
        allowModels = allowModels == null ? List.of("*") : List.copyOf(allowModels);
        modelLimits = Maps.frozen(modelLimits);
        dataPolicy = dataPolicy == null ? DataPolicy.NONE : dataPolicy;
    }

    public boolean allows(String alias) {
        return allowModels.contains("*") || allowModels.contains(alias);
    }
}
