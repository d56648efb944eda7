package dev.modelgate.policy.request;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Turns body bytes into a Jackson tree, once, with the limits enforced inside the tokenizer, and maps every
 * Jackson failure to a typed {@link RequestException}. One instance per {@link RequestParser}; the mapper is
 * thread-safe once built.
 */
final class JsonBodyReader {

    private final ObjectMapper mapper;
    private final RequestLimits limits;

    JsonBodyReader(RequestLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                // Depth is checked by the tokenizer itself, so a deep body fails fast instead of overflowing a stack.
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringChars())
                        .maxDocumentLength(limits.maxBodyBytes())
                        .build())
                // A duplicated key is read one way by us and maybe the other way by the provider: a guardrail bypass.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // Exact decimals: max_price is money, and re-serialised bodies must keep the caller's numbers.
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                // Emoji and other non-BMP characters are written back as real UTF-8, not as escaped surrogate pairs.
                .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
    }

    ObjectMapper mapper() {
        return mapper;
    }

    ObjectNode read(byte[] body) throws RequestException {
        int first = firstNonWhitespace(body);
        if (first < 0) {
            throw RequestException.badRequest("invalid_json", null,
                    "The request body is empty. Send a JSON object with Content-Type: application/json.");
        }
        if (body[first] != '{') {
            // Also rules out a BOM and UTF-16/32, which Jackson would otherwise silently auto-detect.
            throw RequestException.badRequest("invalid_json", null,
                    "The request body must be a UTF-8 JSON object starting with '{'.");
        }
        if (first + 1 < body.length && body[first + 1] == 0) {
            // A NUL byte is never valid JSON here; it is the signature of UTF-16/32, which Jackson would accept.
            throw RequestException.badRequest("invalid_encoding", null,
                    "The request body must be encoded as UTF-8, not UTF-16 or UTF-32.");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw constraintViolation(e);
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException | RuntimeException e) {
            throw RequestException.badRequest("invalid_json", null, "The request body could not be read as JSON.");
        }
        if (!(root instanceof ObjectNode object)) {
            throw RequestException.badRequest("invalid_json", null, "The request body must be a JSON object.");
        }
        return object;
    }

    private static int firstNonWhitespace(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return i;
            }
        }
        return -1;
    }

    // Jackson 2.x has one exception type for all constraints; only its message tells them apart. This runs on
    // the rejection path only.
    private RequestException constraintViolation(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Document nesting depth")) {
            return tooDeep();
        }
        if (m.startsWith("String value length")) {
            return stringTooLong();
        }
        if (m.startsWith("Document length")) {
            return RequestException.tooLarge(null, "The request body is larger than " + limits.maxBodyBytes()
                    + " bytes.");
        }
        return RequestException.badRequest("invalid_json", null,
                "The request body exceeds a JSON size limit (number or name length)" + at(e.getLocation()) + ".");
    }

    private RequestException tooDeep() {
        return RequestException.badRequest("too_deep", null, "The request body is nested deeper than "
                + limits.maxDepth() + " levels. Flatten the JSON structure.");
    }

    private RequestException stringTooLong() {
        return RequestException.tooLarge(null, "A string in the request body is longer than "
                + limits.maxStringChars() + " characters. Shorten it or split it into several parts.");
    }

    /**
     * The depth and string limits the tokenizer enforces on bytes, applied to a tree a host built (a body
     * translated from another format, whose strings may be longer and whose nesting may be deeper than the
     * body it came from), with the same errors. Stops descending past the depth limit, so any tree is safe.
     */
    void checkTree(JsonNode root) throws RequestException {
        checkNode(root, 1);
    }

    private void checkNode(JsonNode node, int depth) throws RequestException {
        if (node.isContainerNode()) {
            if (depth > limits.maxDepth()) {
                throw tooDeep();
            }
            for (JsonNode child : node) {
                checkNode(child, depth + 1);
            }
        } else if (node.isTextual() && node.textValue().length() > limits.maxStringChars()) {
            throw stringTooLong();
        }
    }

    private static RequestException syntaxError(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate field")) {
            return RequestException.badRequest("duplicate_key", null, "The request body contains a duplicated key"
                    + at(e.getLocation()) + ". Send each key once.");
        }
        if (m.contains("UTF-8") || m.contains("UTF8")) {
            return RequestException.badRequest("invalid_encoding", null, "The request body is not valid UTF-8"
                    + at(e.getLocation()) + ". Encode the JSON body as UTF-8.");
        }
        if (m.startsWith("Trailing token")) {
            return RequestException.badRequest("invalid_json", null, "The request body has data after the JSON object"
                    + at(e.getLocation()) + ". Send exactly one JSON object.");
        }
        return RequestException.badRequest("invalid_json", null, "The request body is not valid JSON"
                + at(e.getLocation()) + ". Check quoting, commas and brackets.");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
