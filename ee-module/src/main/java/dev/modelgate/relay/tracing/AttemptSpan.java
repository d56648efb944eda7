package dev.modelgate.relay.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/** One provider attempt's span; the upstream call made while it is current carries its {@code traceparent}. */
public final class AttemptSpan {

    private final Span span;
    private boolean ended;

    AttemptSpan(Span span) {
        this.span = span;
    }

    Span span() {
        return span;
    }

    /** Makes this attempt the current span: the upstream HTTP call then propagates it. */
    public Scope makeCurrent() {
        return span.makeCurrent();
    }

    /** The attempt failed: the error type (an HTTP status, timeout, ...) and the error status. */
    public void fail(String errorType) {
        if (!ended) {
            span.setAttribute("error.type", errorType);
            span.setStatus(StatusCode.ERROR);
            end();
        }
    }

    /** Ends the span once; later calls do nothing (a stream may end and be closed). */
    public void end() {
        if (!ended) {
            ended = true;
            span.end();
        }
    }
}
