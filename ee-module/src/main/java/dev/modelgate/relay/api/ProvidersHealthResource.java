package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.health.CallTimes;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /admin/providers/health}: live statistics per deployment (EWMA latency, error rate,
 * circuit state), the feed gateway nodes poll for lowest-latency routing; and, for operators, the p50 and p95
 * of the latest served calls and of their time to first token (streams), in milliseconds, -1 before any. Roles: admin, finance, ingest
 * (gateway nodes); see {@link dev.modelgate.relay.api.AdminAccess}.
 */
@Path("/admin/providers/health")
@ApplicationScoped
public class ProvidersHealthResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyService policy;

    @GET
    public Response health() {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode deployments = out.putObject("deployments");
        policy.breakers().snapshot().forEach((id, h) -> {
            CallTimes.Timings t = policy.breakers().timings(id);
            deployments.putObject(id)
                    .put("ewma_latency_ms", h.ewmaLatencyMicros() / 1000.0)
                    .put("error_rate", h.errorRatePermille() / 1000.0)
                    .put("circuit", h.circuit().name().toLowerCase())
                    .put("p50_ms", t.call().p50Ms()).put("p95_ms", t.call().p95Ms()).put("served_calls", t.call().calls())
                    .put("ttft_p50_ms", t.firstToken().p50Ms()).put("ttft_p95_ms", t.firstToken().p95Ms());
        });
        return Response.ok(out.toString(), MediaType.APPLICATION_JSON).build();
    }
}
