package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;

/**
 * The relayed OpenAI endpoints: {@code POST /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/embeddings}, and the pass-through ones {@code /v1/images/generations}, {@code /v1/audio/speech}
 * and {@code /v1/audio/transcriptions}.
 *
 * <p>A plain servlet rather than a JAX-RS resource because these are the hot path: per request, RESTEasy's
 * dispatch resolved the resource's CDI bean, built its context and wrote the answer through its providers,
 * about a tenth of the relay's CPU for nothing these endpoints use (each takes one body and a few headers).
 * The admin and other endpoints stay JAX-RS. Exact servlet paths win over the JAX-RS application's
 * {@code /*} mapping.
 */
@WebServlet(name = "relay", urlPatterns = {"/v1/chat/completions", "/v1/completions", "/v1/embeddings",
        "/v1/images/generations", "/v1/audio/speech", "/v1/audio/transcriptions"}, asyncSupported = false)
public class RelayServlet extends HttpServlet {

    @Inject
    PolicyService policy;

    @Inject
    RelayEntry entry;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            ServletAnswers.write(OpenAiErrors.of(405, "invalid_request_error", "method_not_allowed",
                    request.getMethod() + " is not supported on " + request.getServletPath() + "; use POST.", null), response);
            return;
        }
        Endpoint endpoint = Endpoint.fromPath(request.getServletPath()).orElseThrow(); // the mapping admits only these
        int limit = policy.parser().limits().maxBodyBytes();
        byte[] body;
        try {
            body = BoundedBody.read(request.getInputStream(), limit, request.getContentLengthLong());
        } catch (BoundedBody.TooLarge e) {
            ServletAnswers.write(OpenAiErrors.of(413, "invalid_request_error", "too_large",
                    "The request body is larger than the " + limit + " bytes this gateway accepts.", null), response);
            return;
        } catch (IOException e) {
            ServletAnswers.write(OpenAiErrors.of(400, "invalid_request_error", "unreadable_body",
                    "The request body could not be read.", null), response);
            return;
        }
        Response answer = entry.handle(endpoint, request.getHeader("Authorization"), request.getContentType(),
                request.getHeader(DecisionSigner.HEADER), body);
        ServletAnswers.write(answer, response);
    }
}
