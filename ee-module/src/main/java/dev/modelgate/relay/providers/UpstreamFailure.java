package dev.modelgate.relay.providers;

/**
 * A provider call that did not produce an answer: an HTTP error status, a broken connection, a timeout
 * or an unreadable body. Carries what failover needs; never the credential.
 *
 * @param status            HTTP status, or 0 when no response came
 * @param retryAfterSeconds the provider's Retry-After, 0 when absent
 * @param clientError       the request itself was wrong (4xx other than 401/403/404/408/429): trying elsewhere will not help
 */
public record UpstreamFailure(int status, String reason, int retryAfterSeconds, boolean clientError, String body) {
}
