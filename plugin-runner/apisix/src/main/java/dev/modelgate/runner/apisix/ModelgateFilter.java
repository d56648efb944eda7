package dev.modelgate.runner.apisix;

import dev.modelgate.edge.EdgeGate;
import dev.modelgate.edge.EdgeOutcome;
import dev.modelgate.edge.EdgeRequest;
import dev.modelgate.edge.EdgeSettings;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.filter.PluginFilter;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code modelgate} filter: guard, meter and route in one pass over one parse of the body (each
 * filter that asks for the body costs APISIX a round trip). Admitted requests continue to the relay
 * with the signed decision; rejected ones are answered here in the endpoint's error shape (OpenAI's, Anthropic's on
 * {@code /v1/messages}).
 *
 * <p>Runs best as {@code ext-plugin-post-req}: APISIX has authenticated the consumer by then, so the
 * APISIX consumer is the caller's identity and no client header can claim one.
 */
@Component
public class ModelgateFilter implements PluginFilter {

    static final String NAME = "modelgate";
    /** The APISIX variable holding the authenticated consumer's name. */
    static final String CONSUMER_VAR = "consumer_name";

    private final EdgeGate gate;
    private final RouteSettings routes;

    public ModelgateFilter(EdgeGate gate, RouteSettings routes) {
        this.gate = gate;
        this.routes = routes;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void filter(HttpRequest request, HttpResponse response, PluginFilterChain chain) {
        EdgeSettings settings;
        try {
            settings = routes.of(request.getConfig(this));
        } catch (IllegalArgumentException e) {
            stop(response, gate.misconfigured(request.getPath(), e.getMessage()));
            return;
        }
        EdgeOutcome outcome = gate.handle(settings, new EdgeRequest(request.getVars(CONSUMER_VAR), request.getPath(),
                headers(request), body(request)));
        if (outcome instanceof EdgeOutcome.Reject reject) {
            stop(response, reject);
            return;
        }
        EdgeOutcome.Forward forward = (EdgeOutcome.Forward) outcome;
        forward.removeHeaders().forEach(name -> request.setHeader(name, null));
        forward.setHeaders().forEach(request::setHeader);
        chain.filter(request, response);
    }

    /** The 0.4.0 runner hands the body over as one char per byte (ISO-8859-1): this recovers the exact bytes. */
    private static byte[] body(HttpRequest request) {
        String raw = request.getBody();
        return raw == null ? new byte[0] : raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> headers(HttpRequest request) {
        Map<String, String> given = request.getHeaders();
        Map<String, String> lower = new HashMap<>(given.size() * 2);
        given.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static void stop(HttpResponse response, EdgeOutcome.Reject reject) {
        response.setStatusCode(reject.status());
        reject.headers().forEach(response::setHeader);
        response.setBody(reject.body());
    }

    @Override
    public List<String> requiredVars() {
        return List.of(CONSUMER_VAR);
    }

    @Override
    public Boolean requiredBody() {
        return true;
    }
}
