package dev.modelgate.simulator;

import java.util.Map;

/** A request the simulator received; the Authorization value is never kept. */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
}
