package dev.modelgate.relay.health;

import dev.modelgate.policy.model.Candidate;
import dev.modelgate.policy.model.ModelAlias;
import dev.modelgate.policy.model.Policy;
import dev.modelgate.policy.model.Provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Probes deployments that have had no call for a while, so a breaker learns about an outage (or a recovery)
 * without a client paying for it. A probe is one {@code GET {base_url}/models} without credentials: any
 * answer below 500 (401 and 404 included) shows the provider's front door is up; a 5xx, a refused
 * connection or a timeout counts as a failure. It never sends a key, so it cannot leak or spend one, and it
 * proves reachability, not that a given model serves: real calls remain what closes or opens a breaker
 * most of the time. A probe takes a breaker permit like a call, so an open breaker is not probed before
 * its wait, and a half-open one is probed as one of its trial calls.
 */
public final class ActiveProbe {

    private static final Logger LOG = Logger.getLogger(ActiveProbe.class.getName());

    private final Breakers breakers;
    private final ProbeSettings settings;
    private final HttpClient client;

    public ActiveProbe(Breakers breakers, ProbeSettings settings) {
        this.breakers = breakers;
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    /** One round: every deployment of the policy idle for at least the interval is probed once. Returns how many. */
    public int probeIdle(Policy policy) {
        int probed = 0;
        for (Map.Entry<String, Provider> deployment : deployments(policy).entrySet()) {
            String id = deployment.getKey();
            Provider provider = deployment.getValue();
            if (provider.baseUrl() == null || breakers.idleMillis(id) < settings.interval().toMillis()
                    || !breakers.tryAcquire(id, provider.resilience())) {
                continue;
            }
            long start = System.nanoTime();
            boolean up = reachable(provider.baseUrl());
            breakers.recordProbe(id, provider.resilience(), up, (System.nanoTime() - start) / 1000);
            probed++;
        }
        return probed;
    }

    private boolean reachable(String baseUrl) {
        String url = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/models";
        try {
            HttpResponse<Void> answer = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.statusCode() < 500;
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.FINE, "probe of " + url + " failed", e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Each deployment once, with its provider, in policy order. */
    private static Map<String, Provider> deployments(Policy policy) {
        Map<String, Provider> out = new LinkedHashMap<>();
        for (ModelAlias alias : policy.models().values()) {
            for (Candidate c : alias.candidates()) {
                Provider provider = policy.providers().get(c.provider());
                if (provider != null) {
                    out.putIfAbsent(c.deploymentId(), provider);
                }
            }
        }
        return out;
    }
}
