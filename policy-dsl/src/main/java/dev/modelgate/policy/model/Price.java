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
        @JsonPropertyDescription("USD per million cached input tokens. Defaults to the input price.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal cachedInputPerMtok,
        @JsonProperty("per_request")
        @JsonPropertyDescription("USD charged per request on top of tokens.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal perRequest,
        @JsonProperty("per_image")
        @JsonPropertyDescription("USD per generated image.")
        @DecimalMin(value = "0", message = "must not be negative") BigDecimal perImage,
        @JsonProperty("effective_from")
        @JsonPropertyDescription("Date (YYYY-MM-DD) from which these prices apply; usage before it keeps the price it had.")
        LocalDate effectiveFrom) {

    public static final Price FREE = new Price(null, null, null, null, null, null);

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

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
