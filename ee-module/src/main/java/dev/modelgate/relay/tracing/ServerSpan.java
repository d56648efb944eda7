package dev.modelgate.relay.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * A request's server span made current on this thread until {@link #close()}; ended there only when the relay
 * started it (a span Liberty started is Liberty's to end).
 */
public final class ServerSpan implements AutoCloseable {

    private final Span span;
    private final boolean owned;
    private final Scope scope;

    ServerSpan(Span span, boolean owned) {
        this.span = span;
        this.owned = owned;
        this.scope = span.makeCurrent();
    }

    /** The answer's HTTP status, as the HTTP semantic conventions name it. */
    public void status(int status) {
        if (owned) {
            span.setAttribute("http.response.status_code", status);
        }
    }

    @Override
    public void close() {
        scope.close();
        if (owned) {
            span.end();
        }
    }
}
