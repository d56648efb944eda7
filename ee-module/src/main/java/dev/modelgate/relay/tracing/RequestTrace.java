package dev.modelgate.relay.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.math.BigDecimal;

/**
 * One admitted request's spans: its request span, which gets the GenAI attributes of the whole request, and one
 * child span per provider attempt, so a failover shows each deployment tried. Attribute names follow the
 * OpenTelemetry GenAI semantic conventions; {@code modelgate.*} ones are the relay's own.
 */
public final class RequestTrace {

    private final Tracer tracer;
    private final Span request;
    private final Context parent;
    private final String operation;

    RequestTrace(Tracer tracer, Span request, String operation, String requestModel, String team, String rule) {
        this.tracer = tracer;
        this.request = request;
        this.parent = Context.current().with(request);
        this.operation = operation;
        request.setAttribute("gen_ai.operation.name", operation);
        request.setAttribute("gen_ai.request.model", requestModel);
        if (team != null) {
            request.setAttribute("modelgate.team", team);
        }
        if (rule != null) {
            request.setAttribute("modelgate.rule", rule);
        }
    }

    /** A call to one deployment, a child of the request span; make it current around the call to propagate it. */
    public AttemptSpan attempt(String provider, String model, int attempt) {
        Span span = tracer.spanBuilder(operation + " " + model).setParent(parent).setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", operation)
                .setAttribute("gen_ai.provider.name", provider)
                .setAttribute("gen_ai.request.model", model)
                .setAttribute("modelgate.attempt", attempt)
                .startSpan();
        return new AttemptSpan(span);
    }

    /**
     * The request was served: what was used and what it cost, on the request span and on the serving attempt.
     *
     * @param cost the exact cost; written as its plain decimal string, never through a double
     */
    public void served(AttemptSpan serving, String provider, String responseModel, long inputTokens, long outputTokens,
                       BigDecimal cost) {
        for (Span span : serving == null ? new Span[]{request} : new Span[]{request, serving.span()}) {
            span.setAttribute("gen_ai.provider.name", provider);
            span.setAttribute("gen_ai.response.model", responseModel);
            span.setAttribute("gen_ai.usage.input_tokens", inputTokens);
            span.setAttribute("gen_ai.usage.output_tokens", outputTokens);
            span.setAttribute("modelgate.cost_usd", cost.toPlainString());
        }
    }

    /** The request was not served: why, as a short low-cardinality type. */
    public void failed(String errorType) {
        request.setAttribute("error.type", errorType);
        request.setStatus(StatusCode.ERROR);
    }
}
