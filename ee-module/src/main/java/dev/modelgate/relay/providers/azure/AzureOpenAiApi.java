package dev.modelgate.relay.providers.azure;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * One Azure OpenAI deployment's inference API as a MicroProfile Rest Client interface. The client's base
 * URL is the deployment's ({@link AzureTarget#deploymentUrl()}), because Azure puts the deployment in the
 * path where OpenAI puts the model in the body. Azure takes the key in {@code api-key}, not
 * {@code Authorization}.
 */
@Path("/")
public interface AzureOpenAiApi {

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response chatCompletions(@QueryParam("api-version") String apiVersion, @HeaderParam("api-key") String apiKey, byte[] body);

    @POST
    @Path("completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response completions(@QueryParam("api-version") String apiVersion, @HeaderParam("api-key") String apiKey, byte[] body);

    @POST
    @Path("embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    Response embeddings(@QueryParam("api-version") String apiVersion, @HeaderParam("api-key") String apiKey, byte[] body);
}
