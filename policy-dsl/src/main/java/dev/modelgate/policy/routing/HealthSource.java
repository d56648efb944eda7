package dev.modelgate.policy.routing;

/**
 * Where routing reads live statistics. The relay implements it from its own calls; the gateway
 * runner from the relay's /admin/providers/health feed. Reads must be cheap: they run per request.
 */
@FunctionalInterface
public interface HealthSource {

    HealthSource NONE = deployment -> DeploymentHealth.UNKNOWN;

    /** Health of a deployment by its id ("provider/model"). */
    DeploymentHealth health(String deploymentId);
}
