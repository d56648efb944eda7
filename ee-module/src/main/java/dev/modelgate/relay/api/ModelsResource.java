package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.relay.policy.PolicyService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /v1/models}: the aliases clients may ask for, in OpenAI's list shape with OpenRouter-style
 * extras (description, context length, capabilities, pricing per token as decimal strings of the
 * cheapest candidate).
 */
@Path("/v1/models")
@ApplicationScoped
public class ModelsResource {

    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PolicyService policy;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String list() {
        ObjectNode out = JSON.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        for (Map.Entry<String, ModelAlias> e : policy.policy().policy().models().entrySet()) {
            ModelAlias alias = e.getValue();
            ObjectNode model = data.addObject().put("id", e.getKey()).put("object", "model").put("created", 0)
                    .put("owned_by", "modelgate").put("description", alias.description());
            model.put("context_length", alias.candidates().stream().map(Candidate::contextWindow)
                    .filter(java.util.Objects::nonNull).max(Integer::compare).orElse(0));
            TreeSet<String> capabilities = new TreeSet<>();
            alias.candidates().forEach(c -> c.capabilities().forEach(cap -> capabilities.add(cap.name().toLowerCase())));
            capabilities.forEach(model.putArray("capabilities")::add);
            java.time.Instant now = java.time.Instant.now();
            dev.modelgate.policy.model.Price cheapest = alias.candidates().stream().map(c -> c.priceAt(now))
                    .min((a, b) -> a.inputPerMtok().add(a.outputPerMtok()).compareTo(b.inputPerMtok().add(b.outputPerMtok())))
                    .orElseThrow();
            model.putObject("pricing")
                    .put("prompt", perToken(cheapest.inputPerMtok()))
                    .put("completion", perToken(cheapest.outputPerMtok()))
                    .put("request", cheapest.perRequest().toPlainString());
            model.put("strategy", alias.strategy().name().toLowerCase().replace('_', '-'));
        }
        return out.toString();
    }

    private static String perToken(BigDecimal perMillion) {
        return perMillion.divide(MILLION, MathContext.DECIMAL64).stripTrailingZeros().toPlainString();
    }
}
