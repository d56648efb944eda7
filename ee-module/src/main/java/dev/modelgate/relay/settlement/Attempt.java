package dev.modelgate.relay.settlement;

/** One call to one deployment, as recorded for the answer's trace and, later, for usage events. */
public record Attempt(String deployment, int status, String outcome, long latencyMicros) {
}
