package dev.modelgate.relay.providers.gemini;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Google's Generative Language API (v1beta) as a MicroProfile Rest Client interface, built per provider
 * base URL by {@link GeminiAdapter}. The key travels in {@code x-goog-api-key} rather than the {@code key}
 * query parameter, so it never appears in a URL that a proxy or an error message might log.
 */
@Path("/")
public interface GeminiApi {

    /** The model name without the {@code models/} prefix, e.g. {@code gemini-2.5-flash}. */
    @POST
    @Path("models/{model}:generateContent")
    @Consumes(MediaType.APPLICATION_JSON)
    Response generateContent(@PathParam("model") String model, @HeaderParam("x-goog-api-key") String apiKey, byte[] body);

    /** With {@code alt=sse} the answer is server-sent events, one {@code GenerateContentResponse} each. */
    @POST
    @Path("models/{model}:streamGenerateContent")
    @Consumes(MediaType.APPLICATION_JSON)
    Response streamGenerateContent(@PathParam("model") String model, @QueryParam("alt") String alt,
                                   @HeaderParam("x-goog-api-key") String apiKey, byte[] body);

    @POST
    @Path("models/{model}:batchEmbedContents")
    @Consumes(MediaType.APPLICATION_JSON)
    Response batchEmbedContents(@PathParam("model") String model, @HeaderParam("x-goog-api-key") String apiKey, byte[] body);
}
