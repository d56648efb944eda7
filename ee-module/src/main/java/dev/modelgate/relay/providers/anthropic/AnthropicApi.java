package dev.modelgate.relay.providers.anthropic;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Anthropic's Messages API as a MicroProfile Rest Client interface. Built per provider base URL by
 * {@link AnthropicAdapter}, because the URL comes from the policy (a simulator, a proxy) and not from
 * static configuration. The body goes as bytes already translated to Anthropic's format, and the answer
 * is read raw: a JSON message, or an event stream when the request asked for one.
 */
@Path("/")
public interface AnthropicApi {

    /** The API version this adapter's translation is written against; Anthropic requires it on every call. */
    String VERSION = "2023-06-01";

    /**
     * @param apiKey  the provider key, or null for a keyless endpoint (a simulator); a null header is not sent
     * @param version always {@link #VERSION}
     * @param beta    comma-separated beta feature names, or null for none
     */
    @POST
    @Path("messages")
    @Consumes(MediaType.APPLICATION_JSON)
    Response messages(@HeaderParam("x-api-key") String apiKey,
                      @HeaderParam("anthropic-version") String version,
                      @HeaderParam("anthropic-beta") String beta,
                      byte[] body);
}
