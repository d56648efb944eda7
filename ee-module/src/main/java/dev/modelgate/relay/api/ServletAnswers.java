package dev.modelgate.relay.api;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes an answer built as a JAX-RS {@link Response} (the relay's one way of describing an answer, whichever
 * entry reached it) onto a servlet response, for the entities the relay produces: JSON text, bytes, or a stream
 * being copied ({@link StreamingOutput}).
 */
public final class ServletAnswers {

    private ServletAnswers() {
    }

    public static void write(Response answer, HttpServletResponse out) throws IOException {
        out.setStatus(answer.getStatus());
        for (Map.Entry<String, List<String>> header : answer.getStringHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                header.getValue().forEach(value -> out.addHeader(header.getKey(), value));
            }
        }
        MediaType type = answer.getMediaType();
        if (type != null) {
            out.setContentType(type.toString());
        }
        Object entity = answer.getEntity();
        if (entity instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.setContentLength(bytes.length);
            out.getOutputStream().write(bytes);
        } else if (entity instanceof byte[] bytes) {
            out.setContentLength(bytes.length);
            out.getOutputStream().write(bytes);
        } else if (entity instanceof StreamingOutput stream) {
            OutputStream client = out.getOutputStream();
            stream.write(client);
            client.flush();
        } else if (entity != null) {
            throw new IllegalStateException("no writer for an answer of type " + entity.getClass().getName());
        }
    }
}
