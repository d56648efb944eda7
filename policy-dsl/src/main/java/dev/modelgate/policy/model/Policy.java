package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/**
 * A whole Modelgate policy, after every file that makes it up has been merged.
 * Maps keep the order of the YAML files, so "first" always means what the ops team wrote first.
 */
public record Policy(
        @JsonPropertyDescription("Version of the policy language. Only 1 exists.")
        @NotNull @Min(1) @Max(1) Integer version,
        @JsonPropertyDescription("Settings that apply to the whole policy.")
        @Valid Settings settings,
        @JsonPropertyDescription("Provider connections by id. Secrets never go here: 'credential' names one held by the relay's vault.")
        @Valid Map<String, Provider> providers,
        @JsonPropertyDescription("Logical model aliases clients ask for, each with its ordered candidate deployments.")
        @Valid Map<String, ModelAlias> models,
        @JsonPropertyDescription("Conditional routing rules in CEL; the first rule whose condition holds wins.")
        @Valid List<Rule> rules,
        @JsonPropertyDescription("Teams by id: who they are (gateway consumers, API keys) and what they may spend and use.")
        @Valid Map<String, Team> teams,
        @JsonPropertyDescription("Guardrails applied to request content, in order.")
        @Valid List<Guardrail> guardrails) {

    public Policy {
        settings = settings == null ? Settings.DEFAULTS : settings;
        providers = Maps.frozen(providers);
        models = Maps.frozen(models);
        rules = rules == null ? List.of() : List.copyOf(rules);
        teams = Maps.frozen(teams);
        guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    }
}
