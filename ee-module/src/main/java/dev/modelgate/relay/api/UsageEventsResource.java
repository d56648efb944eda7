package dev.modelgate.relay.api;

import dev.modelgate.relay.format.openai.OpenAiErrors;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.settlement.UsageIngest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code POST /admin/usage/events}: usage events from gateway nodes, in batches of up to 1,000:
 * <pre>{"events": [{"request_id": "mg-..", "attempt": 1, "team": "search", "alias": "chat", "provider": "openai",
 *   "model": "gpt-4o-mini", "input_tokens": 120, "output_tokens": 40, "occurred_at": "2026-11-27T09:00:00Z"}]}</pre>
 * Answers {@code {"accepted": n, "duplicates": n, "refused": [{"index": i, "reason": ".."}]}} once the accepted
 * events are stored. Roles: ingest (gateway nodes) and admin; see {@link dev.modelgate.relay.api.AdminAccess}.
 */
@Path("/admin/usage/events")
@ApplicationScoped
public class UsageEventsResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 4 << 20;

    @Inject
    UsageIngest ingest;

    @POST
    public Response post(InputStream stream) {
        JsonNode events;
        try {
            events = JSON.readTree(BoundedBody.read(stream, MAX_BODY)).path("events");
        } catch (BoundedBody.TooLarge e) {
            return OpenAiErrors.of(413, "invalid_request_error", "too_large", "A usage batch may be at most " + MAX_BODY + " bytes.", null);
        } catch (IOException e) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_json", "The body is not valid JSON.", null);
        }
        if (!events.isArray()) {
            return OpenAiErrors.of(400, "invalid_request_error", "invalid_batch", "Send {\"events\": [...]}.", "events");
        }
        if (events.size() > UsageIngest.MAX_BATCH) {
            return OpenAiErrors.of(413, "invalid_request_error", "batch_too_large",
                    "A usage batch may hold at most " + UsageIngest.MAX_BATCH + " events; this one has " + events.size() + ".", "events");
        }
        UsageIngest.Outcome outcome = ingest.ingest(events);
        ObjectNode out = JSON.createObjectNode().put("accepted", outcome.accepted()).put("duplicates", outcome.duplicates());
        ArrayNode refused = out.putArray("refused");
        outcome.refused().forEach(r -> refused.addObject().put("index", r.index()).put("reason", r.reason()));
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }
}
