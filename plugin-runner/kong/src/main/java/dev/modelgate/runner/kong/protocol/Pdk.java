package dev.modelgate.runner.kong.protocol;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Kong's PDK as seen from inside one {@code handle_event}: each method is a round trip over the event's
 * connection (method name frame, argument frame, Kong's reply frame). Only the methods Modelgate needs
 * are here; Kong names them after its Lua functions.
 */
public final class Pdk {

    /** Kong's {@code kong.request.get_headers} limit; more headers than this are cut by Kong. */
    static final int MAX_HEADERS = 200;

    private final FrameChannel channel;
    private boolean exited;

    public Pdk(FrameChannel channel) {
        this.channel = channel;
    }

    public String requestPath() throws IOException {
        return KongString.parseFrom(call("kong.request.get_path", Empty.getDefaultInstance())).getV();
    }

    /** Request headers with lower-case names; repeated headers joined with ", " as HTTP allows. */
    public Map<String, String> requestHeaders() throws IOException {
        Struct struct = Struct.parseFrom(call("kong.request.get_headers", Int.newBuilder().setV(MAX_HEADERS).build()));
        Map<String, String> headers = new HashMap<>(struct.getFieldsCount() * 2);
        struct.getFieldsMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), text(value)));
        return headers;
    }

    /** The consumer Kong authenticated (username, else custom id), or null when no auth plugin ran. */
    public String consumer() throws IOException {
        Consumer c = Consumer.parseFrom(call("kong.client.get_consumer", Empty.getDefaultInstance()));
        if (!c.getUsername().isEmpty()) {
            return c.getUsername();
        }
        return c.getCustomId().isEmpty() ? null : c.getCustomId();
    }

    public RawBodyResult rawBody() throws IOException {
        return RawBodyResult.parseFrom(call("kong.request.get_raw_body", Empty.getDefaultInstance()));
    }

    /** Sets (replacing) these headers on the request to the upstream, in one round trip. */
    public void setUpstreamHeaders(Map<String, String> headers) throws IOException {
        Struct.Builder struct = Struct.newBuilder();
        headers.forEach((name, value) -> struct.putFields(name, Value.newBuilder().setStringValue(value).build()));
        call("kong.service.request.set_headers", struct.build());
    }

    public void clearUpstreamHeader(String name) throws IOException {
        call("kong.service.request.clear_header", KongString.newBuilder().setV(name).build());
    }

    public void setUpstreamBody(byte[] body) throws IOException {
        call("kong.service.request.set_raw_body", Bytes.newBuilder().setV(com.google.protobuf.ByteString.copyFrom(body)).build());
    }

    /** Answers the client; Kong sends no reply and the event is over, so nothing may follow on this connection. */
    public void exit(int status, String body, Map<String, String> headers) throws IOException {
        Struct.Builder struct = Struct.newBuilder();
        headers.forEach((name, value) -> struct.putFields(name, Value.newBuilder().setStringValue(value).build()));
        ExitArgs args = ExitArgs.newBuilder().setStatus(status)
                .setBody(com.google.protobuf.ByteString.copyFrom(body, StandardCharsets.UTF_8)).setHeaders(struct).build();
        channel.write(name("kong.response.exit"), args.toByteArray());
        exited = true;
    }

    public boolean exited() {
        return exited;
    }

    private byte[] call(String method, MessageLite arg) throws IOException {
        if (exited) {
            throw new IllegalStateException("the event already ended with kong.response.exit");
        }
        channel.write(name(method), arg.toByteArray());
        byte[] reply = channel.read();
        if (reply == null) {
            throw new java.io.EOFException("Kong closed the connection during " + method);
        }
        return reply;
    }

    private static byte[] name(String method) {
        return method.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case LIST_VALUE -> {
                StringBuilder joined = new StringBuilder();
                for (Value v : value.getListValue().getValuesList()) {
                    if (!joined.isEmpty()) {
                        joined.append(", ");
                    }
                    joined.append(text(v));
                }
                yield joined.toString();
            }
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case NUMBER_VALUE -> java.math.BigDecimal.valueOf(value.getNumberValue()).stripTrailingZeros().toPlainString();
            default -> "";
        };
    }
}
