package dev.modelgate.relay.providers;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * OpenAI's HTTP API as a MicroProfile Rest Client interface; also spoken by vLLM, Ollama, LM Studio
 * and other OpenAI-compatible servers. Built per provider base URL by {@link OpenAiAdapter}, because
 * the URL comes from the policy, not from static configuration. The body passes through as bytes:
 * the relay forwards what the client sent (redacted if need be), with only the model name changed.
 */
@Path("/")
public interface OpenAiApi {

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response chatCompletions(@HeaderParam("Authorization") String authorization, byte[] body);

    @POST
    @Path("completions")
    @Consumes(MediaType.APPLICATION_JSON)
    Response completions(@HeaderParam("Authorization") String authorization, byte[] body);

    @POST
    @Path("embeddings")
    @Consumes(MediaType.APPLICATION_JSON)
    Response embeddings(@HeaderParam("Authorization") String authorization, byte[] body);

    @POST
    @Path("images/generations")
    @Consumes(MediaType.APPLICATION_JSON)
    Response imagesGenerations(@HeaderParam("Authorization") String authorization, byte[] body);

    /** Answers audio bytes (mp3, opus, wav, ...), passed on with the provider's content type. */
    @POST
    @Path("audio/speech")
    @Consumes(MediaType.APPLICATION_JSON)
    Response audioSpeech(@HeaderParam("Authorization") String authorization, byte[] body);

    /** A multipart upload; the client's boundary travels in the content type, so it is passed as it came. */
    @POST
    @Path("audio/transcriptions")
    Response audioTranscriptions(@HeaderParam("Authorization") String authorization,
                                 @HeaderParam("Content-Type") String contentType, byte[] body);
}
