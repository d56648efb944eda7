package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.util.List;

/** One guardrail: a detector, what to do when it fires, and where it applies. */
public record Guardrail(
        @JsonPropertyDescription("Unique id; a denied request names it, never the matched text.")
        @NotBlank String id,
        @JsonPropertyDescription("email, phone, credit_card, iban, us_ssn, secrets, regex, keywords, prompt_injection, max_input_tokens, model_allowlist, model_denylist.")
        @NotNull DetectorKind detect,
        @JsonPropertyDescription("deny (403), redact (typed placeholders) or log.")
        @NotNull GuardAction action,
        @JsonPropertyDescription("Java regular expression, for detect: regex.")
        String pattern,
        @JsonPropertyDescription("Words or phrases, for detect: keywords (case-insensitive unless case_sensitive).")
        List<String> keywords,
        @JsonProperty("case_sensitive")
        @JsonPropertyDescription("For detect: keywords.")
        Boolean caseSensitive,
        @JsonProperty("max_tokens")
        @JsonPropertyDescription("For detect: max_input_tokens.")
        @Positive Integer maxTokens,
        @JsonPropertyDescription("Upstream model names or aliases, for detect: model_allowlist / model_denylist.")
        List<String> models,
        @JsonPropertyDescription("Where the guardrail applies; absent means everywhere.")
        @Valid Scope scope,
        @JsonProperty("applies_to")
        @JsonPropertyDescription("input (default): the request; output: the model's answer, streams included; both.")
        GuardedText appliesTo,
        @JsonPropertyDescription("For detect: phone. Regions (ISO 3166 codes, e.g. DE) whose national number formats count; absent: a default list of 51.")
        List<String> regions,
        @JsonPropertyDescription("Values never flagged, exactly as they appear in the text (a published test key, the support desk's number).")
        List<String> allow,
        @JsonPropertyDescription("For detect: prompt_injection. The score text must reach: 100 = one strong phrase; default 50; lower finds more, with more false alarms.")
        @Positive Integer threshold) {

    public Guardrail {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        caseSensitive = caseSensitive != null && caseSensitive;
        models = models == null ? List.of() : List.copyOf(models);
        scope = scope == null ? Scope.EVERYWHERE : scope;
        appliesTo = appliesTo == null ? GuardedText.INPUT : appliesTo;
        regions = regions == null ? List.of() : List.copyOf(regions);
        allow = allow == null ? List.of() : List.copyOf(allow);
    }

    /** Limits a guardrail to some teams and/or aliases. */
    public record Scope(
            @JsonPropertyDescription("Team ids; empty means all teams.")
            List<String> teams,
            @JsonPropertyDescription("Aliases; empty means all aliases.")
            List<String> models) {

        public static final Scope EVERYWHERE = new Scope(null, null);

        public Scope {
            teams = teams == null ? List.of() : List.copyOf(teams);
            models = models == null ? List.of() : List.copyOf(models);
        }

        public boolean covers(String team, String alias) {
            return (teams.isEmpty() || teams.contains(team)) && (models.isEmpty() || models.contains(alias));
        }
    }
}
