package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The test relay's generation record of a request ({@code GET /v1/generations/{id}}), as the demo key reads it. */
final class GenerationRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private GenerationRecords() {
    }

    static JsonNode of(String requestId) throws Exception {
        HttpResponse<String> record = HTTP.send(HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/generations/" + requestId))
                .header("Authorization", "Bearer " + RelayIT.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(record.statusCode()).as(record.body()).isEqualTo(200);
        return JSON.readTree(record.body()).path("data");
    }
}
