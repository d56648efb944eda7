package dev.modelgate.runner.kong.plugin;

import dev.modelgate.edge.EdgeGate;
import dev.modelgate.edge.EdgeOutcome;
import dev.modelgate.edge.EdgeRequest;
import dev.modelgate.edge.EdgeSettings;
import dev.modelgate.policy.eval.Rejection;
import dev.modelgate.runner.kong.protocol.FrameChannel;
import dev.modelgate.runner.kong.protocol.Pdk;
import dev.modelgate.runner.kong.protocol.RawBodyResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code modelgate} plugin's access phase: read what the edge logic needs from Kong (path, headers,
 * consumer, body, in one pipelined round trip), run it, then either answer with {@code kong.response.exit} in
 * the endpoint's error shape (OpenAI's, Anthropic's on {@code /v1/messages}) or set the signed decision on the
 * upstream request. Kong, unlike APISIX, lets a
 * plugin replace the body, so a redacting guardrail is carried out here and the relay gets clean text.
 */
public final class ModelgateAccess {

    private static final System.Logger LOG = System.getLogger(ModelgateAccess.class.getName());

    private final EdgeGate gate;

    public ModelgateAccess(EdgeGate gate) {
        this.gate = gate;
    }

    /** Reads the request, judges it, and leaves either an exit sent or the upstream changes queued on {@code pdk}. */
    public void handle(KongConfig config, Pdk pdk) throws IOException {
        if (config.error() != null) {
            exit(pdk, gate.misconfigured(config.error()));
            return;
        }
        EdgeSettings settings = config.settings();
        // With an identity header configured Kong's consumer is not used: do not ask for it.
        Pdk.Request request = pdk.readRequest(settings.consumerHeader() == null);
        byte[] body;
        try {
            body = body(request.body());
        } catch (BodyException e) {
            exit(pdk, gate.refuse(request.path(), e.rejection));
            return;
        }
        EdgeOutcome outcome = gate.handle(settings, new EdgeRequest(request.consumer(), request.path(), request.headers(), body));
        if (outcome instanceof EdgeOutcome.Reject reject) {
            exit(pdk, reject);
            return;
        }
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) outcome;
        for (String name : forward.removeHeaders()) {
            pdk.clearUpstreamHeader(name);
        }
        pdk.setUpstreamHeaders(forward.setHeaders());
        if (forward.newBody() != null) {
            pdk.setUpstreamBody(forward.newBody());
        }
    }

    /** Answers the client when the handler itself failed, so that Kong never waits on a dead event. */
    public void fail(Pdk pdk, RuntimeException e) throws IOException {
        EdgeOutcome.Reject reject = gate.refuse(Rejection.of(500, "server_error", "internal_error",
                "Modelgate could not handle this request; the plugin server's log has the details."));
        LOG.log(System.Logger.Level.ERROR, "request " + reject.headers().get("x-modelgate-request-id") + " failed", e);
        exit(pdk, reject);
    }

    private static void exit(Pdk pdk, EdgeOutcome.Reject reject) throws IOException {
        pdk.exit(reject.status(), reject.body(), reject.headers());
    }

    /** Kong hands over small bodies in the reply and larger ones (over client_body_buffer_size) as a temp file. */
    private static byte[] body(RawBodyResult raw) throws BodyException {
        switch (raw.getKindCase()) {
            case CONTENT:
                return raw.getContent().toByteArray();
            case BODY_FILEPATH:
                return readFile(Path.of(raw.getBodyFilepath()));
            case ERROR:
                LOG.log(System.Logger.Level.WARNING, "Kong could not give the request body: " + raw.getError());
                throw new BodyException(Rejection.of(500, "server_error", "body_unavailable",
                        "The gateway could not read the request body."));
            default:
                return new byte[0];
        }
    }

    private static byte[] readFile(Path file) throws BodyException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(FrameChannel.MAX_FRAME + 1);
            if (bytes.length > FrameChannel.MAX_FRAME) {
                throw new BodyException(Rejection.of(413, "invalid_request_error", "request_too_large",
                        "The request body is over " + FrameChannel.MAX_FRAME + " bytes."));
            }
            return bytes;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the request body Kong buffered to " + file + ": " + e);
            throw new BodyException(Rejection.of(500, "server_error", "body_unavailable",
                    "The gateway could not read the request body."));
        }
    }

    private static final class BodyException extends Exception {
        final transient Rejection rejection;

        BodyException(Rejection rejection) {
            super(rejection.message(), null, false, false);
            this.rejection = rejection;
        }
    }
}
