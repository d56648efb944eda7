package dev.modelgate.relay.providers.models;

import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * A provider's model list, one method per wire format, as a MicroProfile Rest Client interface: a typed,
 * low-volume call (a credential check when an admin stores a key), where the interface style fits. Provider
 * calls on the request path use the JDK's client instead (see {@code UpstreamHttp}). An error status comes
 * back as a {@link jakarta.ws.rs.WebApplicationException}, no answer at all as a {@link jakarta.ws.rs.ProcessingException}.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface ModelListApi {

    /** OpenAI and OpenAI-compatible servers: {@code GET {base}/models}. */
    @GET
    @Path("models")
    JsonObject openAi(@HeaderParam("Authorization") String bearer);

    @GET
    @Path("models")
    JsonObject anthropic(@HeaderParam("x-api-key") String apiKey, @HeaderParam("anthropic-version") String version);

    @GET
    @Path("models")
    JsonObject gemini(@HeaderParam("x-goog-api-key") String apiKey);

    /** Azure lists the resource's models under {@code {endpoint}/openai/models}. */
    @GET
    @Path("openai/models")
    JsonObject azure(@QueryParam("api-version") String apiVersion, @HeaderParam("api-key") String apiKey);
}
