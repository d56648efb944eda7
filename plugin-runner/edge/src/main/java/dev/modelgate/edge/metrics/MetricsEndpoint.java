package dev.modelgate.edge.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;

import java.io.IOException;

/**
 * {@link EdgeMetrics} served over HTTP at {@code /metrics} for Prometheus to scrape, on the address the host is
 * given ({@code MODELGATE_METRICS_ADDRESS}, {@code host:port}; a loopback host by default keeps it off the network).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** @param address {@code host:port} or {@code :port} (then 127.0.0.1); port 0 picks a free one */
    public static MetricsEndpoint start(EdgeMetrics metrics, String address) throws IOException {
        String value = address.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("MODELGATE_METRICS_ADDRESS must be host:port, not '" + address + "'");
        }
        String host = colon == 0 ? "127.0.0.1" : value.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MODELGATE_METRICS_ADDRESS must end in a port number, not '" + address + "'");
        }
        return new MetricsEndpoint(HTTPServer.builder().hostname(host).port(port).registry(metrics.registry()).buildAndStart());
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
