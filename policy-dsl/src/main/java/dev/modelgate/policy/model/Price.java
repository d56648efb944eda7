package dev.modelgate.policy.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import jakarta.validation.constraints.DecimalMin;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Prices in USD. Token prices are per million tokens, like every provider's price list. */
public record Price(
        @JsonProperty("input_per_mtok")
        @JsonPropertyDescription("USD per million input (prompt) tokens.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal inputPerMtok,
        @JsonProperty("output_per_mtok")
        @JsonPropertyDescription("USD per million output (completion) tokens.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal outputPerMtok,
        @JsonProperty("cached_input_per_mtok")
        @JsonPropertyDescription("USD per million input tokens read from the provider's prompt cache. Defaults to the input price.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal cachedInputPerMtok,
        @JsonProperty("cache_write_5m_per_mtok")
        @JsonPropertyDescription("USD per million input tokens written to the prompt cache for 5 minutes (Anthropic's default TTL). "
                + "Defaults to 1.25 times the input price, Anthropic's rate.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal cacheWrite5mPerMtok,
        @JsonProperty("cache_write_1h_per_mtok")
        @JsonPropertyDescription("USD per million input tokens written to the prompt cache for 1 hour. Defaults to 2 times the input price, "
                + "Anthropic's rate.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal cacheWrite1hPerMtok,
        @JsonProperty("reasoning_per_mtok")
        @JsonPropertyDescription("USD per million reasoning (thinking) tokens, which providers count among the output tokens. "
                + "Defaults to the output price.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal reasoningPerMtok,
        @JsonProperty("per_request")
        @JsonPropertyDescription("USD charged per request on top of tokens.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal perRequest,
        @JsonProperty("per_image")
        @JsonPropertyDescription("USD per generated image.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal perImage,
        @JsonProperty("effective_from")
        @JsonPropertyDescription("Date (YYYY-MM-DD) from which these prices apply; usage before it keeps the price it had.")
        LocalDate effectiveFrom) {

    public static final Price FREE = new Price(null, null, null, null, null, null, null, null, null);

    /** Anthropic's prices for cache writes, relative to the input price: what is billed when the policy lists none. */
    static final BigDecimal WRITE_5M_FACTOR = new BigDecimal("1.25");
    static final BigDecimal WRITE_1H_FACTOR = new BigDecimal("2");

    public Price {
        inputPerMtok = orZero(inputPerMtok);
        outputPerMtok = orZero(outputPerMtok);
        perRequest = orZero(perRequest);
        perImage = orZero(perImage);
    }

    /** Cached input tokens cost the input price unless the provider lists a discount. */
    public BigDecimal cachedInputPrice() {
        return cachedInputPerMtok != null ? cachedInputPerMtok : inputPerMtok;
    }

    public BigDecimal cacheWrite5mPrice() {
        return cacheWrite5mPerMtok != null ? cacheWrite5mPerMtok : inputPerMtok.multiply(WRITE_5M_FACTOR);
    }

    public BigDecimal cacheWrite1hPrice() {
        return cacheWrite1hPerMtok != null ? cacheWrite1hPerMtok : inputPerMtok.multiply(WRITE_1H_FACTOR);
    }

    public BigDecimal reasoningPrice() {
        return reasoningPerMtok != null ? reasoningPerMtok : outputPerMtok;
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
