package dev.modelgate.relay.messages;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.relay.api.RelayEntry;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}, for Claude-style clients (Claude Code, Anthropic's
 * SDKs): translated into an OpenAI chat request, decided under the same policy as
 * {@code /v1/chat/completions}, and relayed: to an Anthropic deployment as the client sent it (only the model
 * and the policy's redactions change, {@code anthropic-version} and {@code anthropic-beta} go along) with its
 * answer passed back untouched; to any other provider translated, and translated back; and
 * {@code POST /v1/messages/count_tokens}, counted by the Anthropic deployment the alias routes to (Anthropic's
 * own count endpoint), else by the relay's estimate. The key comes in
 * {@code x-api-key} or {@code Authorization: Bearer}.
 *
 * <p>Behind APISIX or Kong the gateway node has read the body as this relay does (the policy language's
 * {@code RequestParser.parseMessages}), decided, and signed the decision over the client's own bytes: a request
 * with that decision is executed without a key. {@code count_tokens} is standalone only: a signed decision there
 * is refused with a 400.
 */
@Path("/v1/messages")
@ApplicationScoped
public class MessagesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RelayEntry relay;

    @Inject
    PolicyService policy;

    @POST
    public Response messages(@HeaderParam("x-api-key") String apiKey, @HeaderParam("Authorization") String authorization,
                             @HeaderParam(DecisionSigner.HEADER) String signedDecision,
                             @HeaderParam("anthropic-version") String version, @HeaderParam("anthropic-beta") List<String> betas,
                             InputStream body) {
        return answer(ingress().handle(apiKey, authorization, signedDecision, protocol(version, betas), body));
    }

    /** The client's Anthropic protocol headers, as name, value pairs to forward. */
    private static List<String> protocol(String version, List<String> betas) {
        List<String> protocol = new ArrayList<>();
        if (version != null) {
            protocol.add("anthropic-version");
            protocol.add(version);
        }
        if (betas != null && !betas.isEmpty()) {
            protocol.add("anthropic-beta");
            protocol.add(String.join(",", betas)); // several headers and one comma-separated list mean the same
        }
        return protocol;
    }

    @POST
    @Path("count_tokens")
    public Response countTokens(@HeaderParam("x-api-key") String apiKey, @HeaderParam("Authorization") String authorization,
                                @HeaderParam(DecisionSigner.HEADER) String signedDecision,
                                @HeaderParam("anthropic-version") String version, @HeaderParam("anthropic-beta") List<String> betas,
                                InputStream body) {
        return answer(ingress().count(apiKey, authorization, signedDecision, protocol(version, betas), body));
    }

    private MessagesIngress ingress() {
        return new MessagesIngress(JSON, policy.parser(),
                (presented, openAi, clientFormat) -> RelayAnswer.of(relay.handle(presented.authorization(), presented.decision(),
                        presented.body(), openAi, clientFormat)), relay::count,
                relay::newRequestId);
    }

    private static Response answer(Reply reply) {
        Response.ResponseBuilder out = reply.stream() != null
                ? Response.ok(reply.stream(), "text/event-stream").header("Cache-Control", "no-cache")
                : Response.status(reply.status()).type(MediaType.APPLICATION_JSON)
                        .entity(reply.raw() != null ? reply.raw() : reply.json().toString());
        reply.headers().forEach(out::header);
        return out.build();
    }
}
