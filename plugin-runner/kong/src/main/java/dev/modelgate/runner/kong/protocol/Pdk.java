package dev.modelgate.runner.kong.protocol;

import com.google.protobuf.Empty;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kong's PDK as seen from inside one {@code handle_event}: each method is a method-name frame and an
 * argument frame, answered by one reply frame. Only the methods Modelgate needs are here.
 *
 * <p>Calls are pipelined: Kong reads frames from a buffered socket and answers each call in order, so the
 * four reads go out in one write and their replies come back together, and the upstream writes go out with
 * the end of the event without waiting for their empty replies. A request then costs two round trips
 * instead of seven.
 */
public final class Pdk {

    /** Kong's {@code kong.request.get_headers} limit; more headers than this are cut by Kong. */
    static final int MAX_HEADERS = 200;
    private static final byte[] END_OF_EVENT = new byte[0];

    /** What the access phase reads from Kong. */
    public record Request(String path, Map<String, String> headers, String consumer, RawBodyResult body) {
    }

    private final FrameChannel channel;
    private final List<byte[]> queued = new ArrayList<>();
    private int queuedCalls;
    private boolean exited;

    public Pdk(FrameChannel channel) {
        this.channel = channel;
    }

    /**
     * Path, headers (lower-case names, repeated ones joined with ", "), the consumer Kong authenticated
     * (username, else custom id; null when no auth plugin ran) and the raw body, in one round trip.
     *
     * @param withConsumer false to skip the consumer lookup (identity comes from a header)
     */
    public Request readRequest(boolean withConsumer) throws IOException {
        List<byte[]> calls = new ArrayList<>(8);
        add(calls, "kong.request.get_path", Empty.getDefaultInstance());
        add(calls, "kong.request.get_headers", Int.newBuilder().setV(MAX_HEADERS).build());
        if (withConsumer) {
            add(calls, "kong.client.get_consumer", Empty.getDefaultInstance());
        }
        add(calls, "kong.request.get_raw_body", Empty.getDefaultInstance());
        channel.write(calls.toArray(byte[][]::new));

        String path = KongString.parseFrom(reply()).getV();
        Struct struct = Struct.parseFrom(reply());
        Map<String, String> headers = new HashMap<>(struct.getFieldsCount() * 2);
        struct.getFieldsMap().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), text(value)));
        String consumer = null;
        if (withConsumer) {
            Consumer c = Consumer.parseFrom(reply());
            consumer = !c.getUsername().isEmpty() ? c.getUsername() : c.getCustomId().isEmpty() ? null : c.getCustomId();
        }
        return new Request(path, headers, consumer, RawBodyResult.parseFrom(reply()));
    }

    /** Sets (replacing) these headers on the request to the upstream; sent with the end of the event. */
    public void setUpstreamHeaders(Map<String, String> headers) {
        queue("kong.service.request.set_headers", struct(headers));
    }

    public void clearUpstreamHeader(String name) {
        queue("kong.service.request.clear_header", KongString.newBuilder().setV(name).build());
    }

    public void setUpstreamBody(byte[] body) {
        queue("kong.service.request.set_raw_body", Bytes.newBuilder().setV(com.google.protobuf.ByteString.copyFrom(body)).build());
    }

    /** Sends the queued writes, the end of the event and the event's RpcReturn in one write. */
    public void end(byte[] rpcReturn) throws IOException {
        queued.add(END_OF_EVENT);
        queued.add(rpcReturn);
        channel.write(queued.toArray(byte[][]::new));
        channel.skipReplies(queuedCalls);
    }

    /** Answers the client; Kong sends no reply and the event is over, so nothing may follow on this connection. */
    public void exit(int status, String body, Map<String, String> headers) throws IOException {
        ExitArgs args = ExitArgs.newBuilder().setStatus(status)
                .setBody(com.google.protobuf.ByteString.copyFrom(body, StandardCharsets.UTF_8)).setHeaders(struct(headers)).build();
        channel.write(name("kong.response.exit"), args.toByteArray());
        exited = true;
    }

    public boolean exited() {
        return exited;
    }

    private void queue(String method, MessageLite arg) {
        add(queued, method, arg);
        queuedCalls++;
    }

    private static void add(List<byte[]> frames, String method, MessageLite arg) {
        frames.add(name(method));
        frames.add(arg.toByteArray());
    }

    private byte[] reply() throws IOException {
        byte[] reply = channel.read();
        if (reply == null) {
            throw new EOFException("Kong closed the connection during a PDK call");
        }
        return reply;
    }

    private static Struct struct(Map<String, String> values) {
        Struct.Builder struct = Struct.newBuilder();
        values.forEach((name, value) -> struct.putFields(name, Value.newBuilder().setStringValue(value).build()));
        return struct.build();
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
