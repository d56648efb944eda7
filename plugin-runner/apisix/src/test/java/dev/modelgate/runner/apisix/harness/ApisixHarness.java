package dev.modelgate.runner.apisix.harness;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.api7.A6.ExtraInfo.Info;
import io.github.api7.A6.ExtraInfo.Var;
import io.github.api7.A6.HTTPReqCall.Action;
import io.github.api7.A6.HTTPReqCall.Rewrite;
import io.github.api7.A6.HTTPReqCall.Stop;
import io.github.api7.A6.Method;
import io.github.api7.A6.TextEntry;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays APISIX's side of the ext-plugin protocol over the runner's real Unix socket, with the same
 * flatbuffers messages APISIX sends: frames of one type byte, a 3-byte big-endian length and the payload.
 * One instance is one connection (APISIX reuses connections for consecutive calls); not thread-safe.
 */
public final class ApisixHarness implements AutoCloseable {

    public static final byte RPC_ERROR = 0;
    public static final byte RPC_PREPARE_CONF = 1;
    public static final byte RPC_HTTP_REQ_CALL = 2;
    public static final byte RPC_EXTRA_INFO = 3;

    private static final AtomicInteger REQUEST_IDS = new AtomicInteger();

    private final SocketChannel channel;

    public ApisixHarness(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
    }

    /**
     * Sends PrepareConf as APISIX does for a route's {@code ext-plugin-*-req.conf} and returns the token.
     * APISIX uses a fresh connection for it, and so should a caller: the 0.4.0 core writes the reply twice.
     */
    public static long prepareConf(Path socket, Map<String, String> conf) throws IOException {
        try (ApisixHarness h = new ApisixHarness(socket)) {
            FlatBufferBuilder b = new FlatBufferBuilder();
            int[] entries = conf.entrySet().stream()
                    .mapToInt(e -> TextEntry.createTextEntry(b, b.createString(e.getKey()), b.createString(e.getValue())))
                    .toArray();
            int vector = io.github.api7.A6.PrepareConf.Req.createConfVector(b, entries);
            int key = b.createString("route-" + REQUEST_IDS.incrementAndGet());
            b.finish(io.github.api7.A6.PrepareConf.Req.createReq(b, vector, key));
            h.send(RPC_PREPARE_CONF, b.dataBuffer());
            Frame reply = h.read();
            if (reply.type != RPC_PREPARE_CONF) {
                throw new IOException("PrepareConf answered with frame type " + reply.type);
            }
            long token = io.github.api7.A6.PrepareConf.Resp.getRootAsResp(reply.payload).confToken();
            // the 0.4.0 core writes the same reply a second time; read it so closing is not a reset mid-write
            Frame duplicate = h.read();
            if (duplicate.type != RPC_PREPARE_CONF
                    || io.github.api7.A6.PrepareConf.Resp.getRootAsResp(duplicate.payload).confToken() != token) {
                throw new IOException("PrepareConf's second reply differs from the first");
            }
            return token;
        }
    }

    /** One HTTPReqCall, serving the runner's ExtraInfo questions (vars, body) until it answers. */
    public A6Answer call(A6Request request) throws IOException {
        FlatBufferBuilder b = new FlatBufferBuilder();
        int path = b.createString(request.path);
        int headers = io.github.api7.A6.HTTPReqCall.Req.createHeadersVector(b, request.headers.entrySet().stream()
                .mapToInt(e -> TextEntry.createTextEntry(b, b.createString(e.getKey()), b.createString(e.getValue())))
                .toArray());
        int args = io.github.api7.A6.HTTPReqCall.Req.createArgsVector(b, new int[0]);
        int srcIp = io.github.api7.A6.HTTPReqCall.Req.createSrcIpVector(b, new byte[]{127, 0, 0, 1});
        b.finish(io.github.api7.A6.HTTPReqCall.Req.createReq(b, REQUEST_IDS.incrementAndGet(), srcIp, Method.POST, path,
                args, headers, request.confToken));
        send(RPC_HTTP_REQ_CALL, b.dataBuffer());
        int asked = 0;
        while (true) {
            Frame frame = read();
            switch (frame.type) {
                case RPC_EXTRA_INFO -> {
                    asked++;
                    answerExtraInfo(frame.payload, request);
                }
                case RPC_HTTP_REQ_CALL -> {
                    return decode(io.github.api7.A6.HTTPReqCall.Resp.getRootAsResp(frame.payload), asked);
                }
                case RPC_ERROR -> {
                    return new A6Answer("err", 0, Map.of(), new byte[0],
                            io.github.api7.A6.Err.Resp.getRootAsResp(frame.payload).code(), asked);
                }
                default -> throw new IOException("unexpected frame type " + frame.type);
            }
        }
    }

    private void answerExtraInfo(ByteBuffer payload, A6Request request) throws IOException {
        io.github.api7.A6.ExtraInfo.Req ask = io.github.api7.A6.ExtraInfo.Req.getRootAsReq(payload);
        byte[] result;
        if (ask.infoType() == Info.Var) {
            String name = ((Var) ask.info(new Var())).name();
            String value = request.vars.get(name);
            result = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        } else if (ask.infoType() == Info.ReqBody) {
            result = request.body;
        } else {
            result = new byte[0];
        }
        FlatBufferBuilder b = new FlatBufferBuilder(result.length + 64);
        int vector = io.github.api7.A6.ExtraInfo.Resp.createResultVector(b, result);
        b.finish(io.github.api7.A6.ExtraInfo.Resp.createResp(b, vector));
        send(RPC_EXTRA_INFO, b.dataBuffer());
    }

    private static A6Answer decode(io.github.api7.A6.HTTPReqCall.Resp resp, int asked) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (resp.actionType() == Action.Stop) {
            Stop stop = (Stop) resp.action(new Stop());
            for (int i = 0; i < stop.headersLength(); i++) {
                headers.put(stop.headers(i).name(), stop.headers(i).value());
            }
            byte[] body = new byte[stop.bodyLength()];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) stop.body(i);
            }
            return new A6Answer("stop", stop.status(), headers, body, 0, asked);
        }
        if (resp.actionType() == Action.Rewrite) {
            Rewrite rewrite = (Rewrite) resp.action(new Rewrite());
            for (int i = 0; i < rewrite.headersLength(); i++) {
                headers.put(rewrite.headers(i).name(), rewrite.headers(i).value());
            }
            return new A6Answer("rewrite", 0, headers, new byte[0], 0, asked);
        }
        return new A6Answer("none", 0, headers, new byte[0], 0, asked);
    }

    /** Writes one frame; tests of bad input call it with whatever type and payload they like. */
    public void send(byte type, ByteBuffer payload) throws IOException {
        int length = payload.remaining();
        ByteBuffer frame = ByteBuffer.allocate(4 + length);
        frame.put(type).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length).put(payload);
        frame.flip();
        writeFully(frame);
    }

    /** Writes raw bytes, frame boundaries or not. */
    public void sendRaw(byte[] bytes) throws IOException {
        writeFully(ByteBuffer.wrap(bytes));
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Reads the next frame. */
    public Frame read() throws IOException {
        ByteBuffer header = readExactly(4);
        byte type = header.get();
        int length = ((header.get() & 0xff) << 16) | ((header.get() & 0xff) << 8) | (header.get() & 0xff);
        return new Frame(type, readExactly(length));
    }

    private ByteBuffer readExactly(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("runner closed the connection");
            }
        }
        return buffer.flip();
    }

    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    public record Frame(byte type, ByteBuffer payload) {
    }
}
