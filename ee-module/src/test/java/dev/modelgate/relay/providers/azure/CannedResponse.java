package dev.modelgate.relay.providers.azure;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Link;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A provider's HTTP answer as the Rest Client hands it to an adapter: a status, headers and a body that
 * can be read once as a stream or a string. Lets adapter tests run the adapter's own handling of answers
 * without a JAX-RS runtime; what is on the wire is covered by the simulated provider in the server tests.
 */
public final class CannedResponse extends Response {

    private final int status;
    private final byte[] body;
    private final Map<String, String> headers;

    public CannedResponse(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.headers = headers;
    }

    public CannedResponse(int status, String body) {
        this(status, body, Map.of());
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T readEntity(Class<T> type) {
        if (type == InputStream.class) {
            return (T) new ByteArrayInputStream(body);
        }
        if (type == String.class) {
            return (T) new String(body, StandardCharsets.UTF_8);
        }
        throw new UnsupportedOperationException("read as " + type);
    }

    @Override
    public String getHeaderString(String name) {
        return headers.get(name);
    }

    @Override
    public boolean hasEntity() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public StatusType getStatusInfo() {
        return Status.fromStatusCode(status);
    }

    @Override
    public Object getEntity() {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T readEntity(GenericType<T> type) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T readEntity(Class<T> type, Annotation[] annotations) {
        return readEntity(type);
    }

    @Override
    public <T> T readEntity(GenericType<T> type, Annotation[] annotations) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean bufferEntity() {
        return true;
    }

    @Override
    public MediaType getMediaType() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Locale getLanguage() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getLength() {
        return body.length;
    }

    @Override
    public Set<String> getAllowedMethods() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, NewCookie> getCookies() {
        throw new UnsupportedOperationException();
    }

    @Override
    public EntityTag getEntityTag() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Date getDate() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Date getLastModified() {
        throw new UnsupportedOperationException();
    }

    @Override
    public URI getLocation() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Set<Link> getLinks() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasLink(String relation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Link getLink(String relation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Link.Builder getLinkBuilder(String relation) {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, Object> getMetadata() {
        throw new UnsupportedOperationException();
    }

    @Override
    public MultivaluedMap<String, String> getStringHeaders() {
        throw new UnsupportedOperationException();
    }
}
