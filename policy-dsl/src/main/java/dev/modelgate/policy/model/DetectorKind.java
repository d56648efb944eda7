package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a guardrail looks for. Content detectors scan text; the others look at the request as a whole. */
public enum DetectorKind {
    @JsonProperty("email") EMAIL(true),
    @JsonProperty("phone") PHONE(true),
    @JsonProperty("credit_card") CREDIT_CARD(true),
    @JsonProperty("iban") IBAN(true),
    @JsonProperty("us_ssn") US_SSN(true),
    @JsonProperty("secrets") SECRETS(true),
    @JsonProperty("regex") REGEX(true),
    @JsonProperty("keywords") KEYWORDS(true),
    @JsonProperty("prompt_injection") PROMPT_INJECTION(true),
    @JsonProperty("max_input_tokens") MAX_INPUT_TOKENS(false),
    @JsonProperty("model_allowlist") MODEL_ALLOWLIST(false),
    @JsonProperty("model_denylist") MODEL_DENYLIST(false);

    private final boolean scansText;

    DetectorKind(boolean scansText) {
        this.scansText = scansText;
    }

    /** Only text detectors can redact: the others have nothing to replace. */
    public boolean scansText() {
        return scansText;
    }
}
