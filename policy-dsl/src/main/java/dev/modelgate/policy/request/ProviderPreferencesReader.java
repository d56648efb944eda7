package dev.modelgate.policy.request;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

/** Reads OpenRouter's {@code provider} object strictly: an unknown field is a 400, not silently ignored. */
final class ProviderPreferencesReader {

    private static final int MAX_PROVIDERS = 100;

    private ProviderPreferencesReader() {
    }

    static ProviderPreferences read(JsonNode root) throws RequestException {
        JsonNode provider = root.get("provider");
        if (Fields.absent(provider)) {
            return ProviderPreferences.none();
        }
        if (!provider.isObject()) {
            throw RequestException.invalidType("provider", "an object");
        }
        for (Iterator<String> names = provider.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            switch (name) {
                case "order", "only", "ignore", "allow_fallbacks", "require_parameters", "data_collection", "zdr",
                        "sort", "max_price" -> { }
                default -> throw RequestException.badRequest("unknown_parameter", "provider." + name,
                        "Unknown field 'provider." + name + "'. Supported: order, only, ignore, allow_fallbacks, "
                                + "require_parameters, data_collection, zdr, sort, max_price.");
            }
        }
        List<String> order = Fields.stringList(provider, "order", "provider.order", MAX_PROVIDERS);
        List<String> only = Fields.stringList(provider, "only", "provider.only", MAX_PROVIDERS);
        List<String> ignore = Fields.stringList(provider, "ignore", "provider.ignore", MAX_PROVIDERS);
        boolean allowFallbacks = Fields.optionalBoolean(provider, "allow_fallbacks", "provider.allow_fallbacks", true);
        boolean requireParameters = Fields.optionalBoolean(provider, "require_parameters",
                "provider.require_parameters", false);
        boolean zdr = Fields.optionalBoolean(provider, "zdr", "provider.zdr", false);
        return new ProviderPreferences(order, only, ignore, allowFallbacks, requireParameters,
                dataCollection(provider), zdr, sort(provider), maxPrice(provider));
    }

    private static ProviderPreferences.DataCollection dataCollection(JsonNode provider) throws RequestException {
        String value = Fields.optionalString(provider, "data_collection", "provider.data_collection");
        if (value == null) {
            return ProviderPreferences.DataCollection.ALLOW;
        }
        return switch (value) {
            case "allow" -> ProviderPreferences.DataCollection.ALLOW;
            case "deny" -> ProviderPreferences.DataCollection.DENY;
            default -> throw RequestException.invalidValue("provider.data_collection",
                    "'provider.data_collection' must be \"allow\" or \"deny\".");
        };
    }

    private static ProviderPreferences.Sort sort(JsonNode provider) throws RequestException {
        String value = Fields.optionalString(provider, "sort", "provider.sort");
        if (value == null) {
            return ProviderPreferences.Sort.NONE;
        }
        return switch (value) {
            case "price" -> ProviderPreferences.Sort.PRICE;
            case "throughput" -> ProviderPreferences.Sort.THROUGHPUT;
            case "latency" -> ProviderPreferences.Sort.LATENCY;
            default -> throw RequestException.invalidValue("provider.sort",
                    "'provider.sort' must be \"price\", \"throughput\" or \"latency\".");
        };
    }

    private static MaxPrice maxPrice(JsonNode provider) throws RequestException {
        JsonNode node = provider.get("max_price");
        if (Fields.absent(node)) {
            return MaxPrice.none();
        }
        if (!node.isObject()) {
            throw RequestException.invalidType("provider.max_price", "an object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("prompt") && !name.equals("completion") && !name.equals("request")
                    && !name.equals("image")) {
                throw RequestException.badRequest("unknown_parameter", "provider.max_price." + name,
                        "Unknown field 'provider.max_price." + name + "'. Supported: prompt, completion, request, image.");
            }
        }
        return new MaxPrice(price(node, "prompt"), price(node, "completion"), price(node, "request"),
                price(node, "image"));
    }

    private static BigDecimal price(JsonNode maxPrice, String field) throws RequestException {
        JsonNode node = maxPrice.get(field);
        String param = "provider.max_price." + field;
        if (Fields.absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw RequestException.invalidType(param, "a number (USD)");
        }
        // The mapper reads floats as BigDecimal, so decimalValue() is the caller's exact literal.
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw RequestException.invalidValue(param, "'" + param + "' must not be negative.");
        }
        return value;
    }
}
