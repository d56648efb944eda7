package dev.modelgate.relay.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.function.Function;

/**
 * The relay's spans, on the OpenTelemetry that Liberty's mpTelemetry feature provides. While
 * {@code otel.sdk.disabled} is true (the default) that is a no-op: every span is invalid and nothing is exported
 * or propagated, at the cost of a few calls per request.
 */
@ApplicationScoped
public class GenAiTracing {

    static final String SCOPE = "dev.modelgate.relay";

    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    @Inject
    public GenAiTracing(OpenTelemetry telemetry) {
        this.telemetry = telemetry;
        this.tracer = telemetry.getTracer(SCOPE);
    }

    /** For CDI's proxy only. */
    protected GenAiTracing() {
        this(OpenTelemetry.noop());
    }

    /**
     * The span of one relayed HTTP request. Liberty makes a server span for JAX-RS resources but not for a plain
     * servlet; when one is current it is used (and not ended here), otherwise a server span is started whose
     * parent is the caller's {@code traceparent}.
     *
     * @param header the request's header by name (null when absent)
     */
    public ServerSpan server(String name, Function<String, String> header) {
        Span current = Span.current();
        if (current.getSpanContext().isValid()) {
            return new ServerSpan(current, false);
        }
        Context caller = telemetry.getPropagators().getTextMapPropagator().extract(Context.root(), header, HEADERS);
        Span span = tracer.spanBuilder(name).setParent(caller).setSpanKind(SpanKind.SERVER).startSpan();
        return new ServerSpan(span, true);
    }

    /** The trace of one admitted request, on the span current now (the request's server span). */
    public RequestTrace request(String operation, String requestModel, String team, String rule) {
        return new RequestTrace(tracer, Span.current(), operation, requestModel, team, rule);
    }

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return Collections.emptyList(); // only asked for by propagators that read every header; W3C's does not
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };
}
