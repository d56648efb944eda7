package dev.modelgate.runner.kong.harness;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * What the plugin did with one request, as Kong would see it.
 *
 * @param exitStatus     the status given to {@code kong.response.exit}, or null when the request went upstream
 * @param exitBody       the body given to {@code kong.response.exit}
 * @param exitHeaders    the headers given to {@code kong.response.exit}
 * @param upstreamSet    headers set on the upstream request
 * @param upstreamClear  headers removed from the upstream request
 * @param upstreamBody   the body that replaced the client's, or null
 * @param pdkCalls       the PDK methods called, in order
 */
public record KongResult(Integer exitStatus, byte[] exitBody, Map<String, String> exitHeaders,
                         Map<String, String> upstreamSet, List<String> upstreamClear, byte[] upstreamBody,
                         List<String> pdkCalls) {

    public boolean exited() {
        return exitStatus != null;
    }

    public String exitBodyText() {
        return exitBody == null ? null : new String(exitBody, StandardCharsets.UTF_8);
    }
}
