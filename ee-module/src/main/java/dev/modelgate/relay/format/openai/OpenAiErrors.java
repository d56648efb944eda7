package dev.modelgate.relay.format.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.policy.request.RequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;


/** Every error the relay answers, in OpenAI's shape {"error": {message, type, code, param}} with the status SDKs expect. */
public final class OpenAiErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiErrors() {
    }

    public static Response of(int status, String type, String code, String message, String param) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type).put("code", code).put("param", param);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString()).build();
    }

    public static Response of(Rejection r) {
        Response.ResponseBuilder out = Response.status(r.status()).type(MediaType.APPLICATION_JSON).entity(r.toJson());
        if (r.retryAfter() != null) {
            out.header("Retry-After", r.retryAfterSeconds());
        }
        return out.build();
    }

    public static Response of(RequestException e) {
        return of(e.status(), e.type(), e.code(), e.getMessage(), e.param());
    }
}
