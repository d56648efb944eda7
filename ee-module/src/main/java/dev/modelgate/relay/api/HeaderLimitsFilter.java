package dev.modelgate.relay.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.policy.request.HeaderLimits;
import dev.modelgate.policy.request.RequestException;
import dev.modelgate.relay.execution.Relay;
import dev.modelgate.relay.format.openai.OpenAiErrors;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.util.Enumeration;

/**
 * Refuses a request whose headers are over {@link HeaderLimits} (431) or malformed (400) with an error in the
 * endpoint's own shape and a request id, before any endpoint sees it: the same limits the APISIX runner and
 * the Kong plugin server apply. Liberty's own limits ({@code httpOptions limitFieldSize}, {@code limitNumHeaders}
 * in server.xml) are set above these, because a request Liberty refuses itself gets its bare 400 page, which
 * no OpenAI or Anthropic SDK can read.
 *
 * <p>Settings: {@code modelgate.max.header.bytes} (16384, one header), {@code modelgate.max.headers.bytes}
 * (32768, all headers), {@code modelgate.max.headers} (100).
 */
@WebFilter(filterName = "header-limits", urlPatterns = "/*", asyncSupported = true)
public class HeaderLimitsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    transient Relay relay;

    private transient HeaderLimits limits;

    @Override
    public void init(FilterConfig config) throws ServletException {
        super.init(config);
        Config settings = ConfigProvider.getConfig();
        HeaderLimits d = HeaderLimits.defaults();
        try {
            limits = new HeaderLimits(
                    settings.getOptionalValue("modelgate.max.header.bytes", Integer.class).orElse(d.maxFieldBytes()),
                    settings.getOptionalValue("modelgate.max.headers.bytes", Integer.class).orElse(d.maxTotalBytes()),
                    settings.getOptionalValue("modelgate.max.headers", Integer.class).orElse(d.maxCount()));
        } catch (IllegalArgumentException e) {
            throw new ServletException("modelgate.max.header(s).bytes / modelgate.max.headers: " + e.getMessage());
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            check(request);
        } catch (RequestException e) {
            refuse(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }

    private void check(HttpServletRequest request) throws RequestException {
        HeaderLimits.Check check = limits.start();
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                check.add(name, values.nextElement());
            }
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, RequestException e) throws IOException {
        String requestId = relay.newRequestId();
        response.setHeader("x-request-id", requestId);
        if (request.getRequestURI().startsWith("/v1/messages")) {
            // Anthropic's SDKs read their own shape on the Messages endpoint.
            ObjectNode body = JSON.createObjectNode().put("type", "error");
            body.putObject("error").put("type", "invalid_request_error").put("message", e.getMessage());
            body.put("request_id", requestId);
            ServletAnswers.write(Response.status(e.status()).type(MediaType.APPLICATION_JSON).entity(body.toString()).build(), response);
            return;
        }
        ServletAnswers.write(OpenAiErrors.of(e), response);
    }
}
