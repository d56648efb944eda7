package dev.modelgate.relay.providers.anthropic;

import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Anthropic's token counting endpoint, {@code POST {base}/messages/count_tokens}, as a MicroProfile Rest Client
 * interface: a typed call made before a turn, not a generation, where the interface style fits (generations on
 * the request path go over the JDK's client, see {@code UpstreamHttp}). An error status comes back as a
 * {@link jakarta.ws.rs.WebApplicationException}, no answer at all as a {@link jakarta.ws.rs.ProcessingException}.
 */
@Path("/")
public interface AnthropicCountApi {

    /** @param beta the client's {@code anthropic-beta}, or null; @param body a Messages body without max_tokens */
    @POST
    @Path("messages/count_tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    JsonObject count(@HeaderParam("x-api-key") String apiKey, @HeaderParam("anthropic-version") String version,
                     @HeaderParam("anthropic-beta") String beta, String body);
}
