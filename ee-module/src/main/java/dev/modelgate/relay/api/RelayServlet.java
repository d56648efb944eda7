package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.inject.Inject;
import dev.modelgate.relay.execution.Relay;
import dev.modelgate.relay.tracing.GenAiTracing;
import dev.modelgate.relay.tracing.ServerSpan;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletInputStream;
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
 *
 * <p>A body already buffered with its headers is taken at once (Liberty buffers none before the first read,
 * so this is rare). The rest is read asynchronously ({@link AsyncBody}): a client that sends its body slowly
 * holds no thread while it dawdles, so it cannot starve the calls of others, and it gets a 408 when the body is
 * not in by {@link BodyDeadlines}' deadline. HTTP/2 requests are read blocking (see {@link #service}).
 */
@WebServlet(name = "relay", urlPatterns = {"/v1/chat/completions", "/v1/completions", "/v1/embeddings",
        "/v1/images/generations", "/v1/audio/speech", "/v1/audio/transcriptions"}, asyncSupported = true)
public class RelayServlet extends HttpServlet {

    @Inject
    PolicyService policy;

    @Inject
    RelayEntry entry;

    @Inject
    BodyDeadlines deadlines;

    @Inject
    Relay relay;

    @Inject
    GenAiTracing tracing;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            writeError(OpenAiErrors.of(405, "invalid_request_error", "method_not_allowed",
                    request.getMethod() + " is not supported on " + request.getServletPath() + "; use POST.", null), response);
            return;
        }
        Endpoint endpoint = Endpoint.fromPath(request.getServletPath()).orElseThrow(); // the mapping admits only these
        int limit = policy.parser().limits().maxBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            writeError(tooLarge(limit), response);
            return;
        }
        ServletInputStream in = request.getInputStream();
        byte[] started = new byte[declared > 0 ? (int) declared : 0];
        int got = declared > 0 ? readArrived(in, started) : 0;
        if (declared >= 0 && got == declared) {
            answer(endpoint, request, response, started);
            return;
        }
        if (!request.getProtocol().startsWith("HTTP/1") || request.getHeader("Upgrade") != null) {
            // Liberty's ReadListener fails on HTTP/2 streams and on h2c upgrades (a NullPointerException in its H2
            // handler): those bodies are read blocking, within Liberty's own read timeout, as before.
            readBlocking(endpoint, request, response, in, started, got, limit);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the body has its own deadline; the answer (a long stream) may take as long as it takes
        AsyncBody body = new AsyncBody(in, limit, declared, started, got, new AsyncBody.Outcome() {
            @Override
            public void read(byte[] bytes) {
                try {
                    answer(endpoint, request, response, bytes);
                } catch (IOException | RuntimeException e) {
                    failAfterRead(response);
                } finally {
                    async.complete();
                }
            }

            @Override
            public void failed(boolean over) {
                try {
                    writeError(over ? tooLarge(limit) : OpenAiErrors.of(400, "invalid_request_error", "unreadable_body",
                            "The request body could not be read.", null), response);
                } catch (IOException e) {
                    // the client is gone
                } finally {
                    async.complete();
                }
            }

            @Override
            public void timedOut() {
                try {
                    response.setHeader("Connection", "close"); // the rest of the body may still come: do not read it as a request
                    writeError(OpenAiErrors.of(408, "invalid_request_error", "request_timeout", "The request body did not arrive within "
                            + deadlines.timeoutMillis() + " ms; send it at once after the headers.", null), response);
                } catch (IOException e) {
                    // the client is gone
                } finally {
                    async.complete();
                }
            }
        });
        in.setReadListener(body);
        body.deadline(deadlines.start(body::expire));
    }

    private void answer(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response, byte[] body) throws IOException {
        // The request's span covers the whole answer, a stream included: its attempts and usage are recorded as it is written.
        try (ServerSpan span = tracing.server("POST " + endpoint.path(), request::getHeader)) {
            Response answer = entry.handle(endpoint, request.getHeader("Authorization"), request.getContentType(),
                    request.getHeader(DecisionSigner.HEADER), body);
            span.status(answer.getStatus());
            ServletAnswers.write(answer, response);
        }
    }

    private void readBlocking(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response, ServletInputStream in,
                              byte[] started, int got, int limit) throws IOException {
        byte[] rest;
        try {
            rest = BoundedBody.read(in, limit - got, request.getContentLengthLong() < 0 ? -1 : started.length - got);
        } catch (BoundedBody.TooLarge e) {
            writeError(tooLarge(limit), response);
            return;
        } catch (IOException e) {
            writeError(OpenAiErrors.of(400, "invalid_request_error", "unreadable_body", "The request body could not be read.", null), response);
            return;
        }
        byte[] body = java.util.Arrays.copyOf(started, got + rest.length);
        System.arraycopy(rest, 0, body, got, rest.length);
        answer(endpoint, request, response, body);
    }

    /** Reads what has already arrived, without waiting for more; the number of bytes read. */
    private static int readArrived(ServletInputStream in, byte[] into) throws IOException {
        int got = 0;
        int available;
        while (got < into.length && (available = in.available()) > 0) {
            int n = in.read(into, got, Math.min(available, into.length - got));
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }

    private static Response tooLarge(int limit) {
        return OpenAiErrors.of(413, "invalid_request_error", "too_large",
                "The request body is larger than the " + limit + " bytes this gateway accepts.", null);
    }

    /** An error the servlet answers itself, before any request id was given: it gets one, so it can be reported. */
    private void writeError(Response error, HttpServletResponse response) throws IOException {
        response.setHeader("x-request-id", relay.newRequestId());
        ServletAnswers.write(error, response);
    }

    private void failAfterRead(HttpServletResponse response) {
        if (response.isCommitted()) {
            return; // a stream already under way ends as its own code decided
        }
        try {
            response.reset();
            writeError(OpenAiErrors.of(500, "server_error", "internal_error", "The relay failed to answer this request.", null), response);
        } catch (IOException | RuntimeException e) {
            // the client is gone
        }
    }
}
