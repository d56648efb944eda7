package dev.modelgate.policy.request;

/**
 * A client error in the request (its body, or its headers), carrying exactly what the hosts need to answer in OpenAI's error
 * shape {@code {"error": {"message", "type", "code", "param"}}}.
 *
 * <p>No stack trace is captured: rejections are an ordinary, possibly hostile, high-volume outcome, and the
 * trace would only describe the parser. No cause is attached either, so no library text can leak into logs
 * or responses.
 */
public final class RequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String param;

    RequestException(int status, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    static RequestException badRequest(String code, String param, String message) {
        return new RequestException(400, code, param, message);
    }

    static RequestException tooLarge(String param, String message) {
        return new RequestException(413, "too_large", param, message);
    }

    /**
     * A {@code /v1/messages} body Anthropic's API would refuse, named the way Anthropic names fields
     * ({@code messages.1.content.0.type: Field required}); hosts answer it in Anthropic's error shape.
     */
    static RequestException messages(String message) {
        return badRequest("invalid_request", null, message);
    }

    static RequestException missing(String param) {
        return badRequest("missing_field", param, "Missing required parameter '" + param + "'.");
    }

    static RequestException invalidType(String param, String expected) {
        return badRequest("invalid_type", param, "Invalid type for '" + param + "': expected " + expected + ".");
    }

    static RequestException invalidValue(String param, String message) {
        return badRequest("invalid_value", param, message);
    }

    /** HTTP status: 400 for malformed input, 413 when a body size limit is exceeded, 431 for headers over theirs. */
    public int status() {
        return status;
    }

    /** Always {@code invalid_request_error}, as OpenAI reports body problems. */
    public String type() {
        return "invalid_request_error";
    }

    public String code() {
        return code;
    }

    /** The offending parameter in OpenAI's notation ({@code messages[2].content[0].type}), or null. */
    public String param() {
        return param;
    }
}
