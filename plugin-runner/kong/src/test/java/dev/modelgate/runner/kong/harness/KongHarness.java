package dev.modelgate.runner.kong.harness;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.ListValue;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.modelgate.runner.kong.protocol.Bytes;
import dev.modelgate.runner.kong.protocol.CmdCloseInstance;
import dev.modelgate.runner.kong.protocol.CmdGetPluginInfo;
import dev.modelgate.runner.kong.protocol.CmdGetPluginNames;
import dev.modelgate.runner.kong.protocol.CmdHandleEvent;
import dev.modelgate.runner.kong.protocol.CmdStartInstance;
import dev.modelgate.runner.kong.protocol.Consumer;
import dev.modelgate.runner.kong.protocol.ExitArgs;
import dev.modelgate.runner.kong.protocol.KongString;
import dev.modelgate.runner.kong.protocol.RawBodyResult;
import dev.modelgate.runner.kong.protocol.RpcCall;
import dev.modelgate.runner.kong.protocol.RpcReturn;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays Kong's side of the ProtoBuf:1 plugin protocol over the real Unix socket, as
 * {@code kong/runloop/plugin_servers/rpc/pb_rpc.lua} does: one RpcCall per connection turn, PDK calls
 * answered during {@code handle_event} until the empty frame, the RpcReturn's sequence checked, the
 * connection put back in a pool and reused; after {@code kong.response.exit} Kong answers nothing and drops
 * the connection. Framing is written here on its own, not borrowed from the server, so that the two
 * sides check each other.
 */
public final class KongHarness implements AutoCloseable {

    public static final String PLUGIN = "modelgate";

    private final Path socket;
    private final ConcurrentLinkedDeque<Conn> pool = new ConcurrentLinkedDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    public KongHarness(Path socket) {
        this.socket = socket;
    }

    /** Starts a plugin instance for this config as Kong does: the config JSON plus Kong's own keys. */
    public int startInstance(String configJson, int seq) throws IOException {
        return startInstance(configJson, seq, "r-1", null);
    }

    /**
     * As Kong 3's plugins iterator sends a route's plugin config: the config plus {@code route_id},
     * {@code plugin_instance_name} (the plugin's {@code instance_name}, when set), {@code __plugin_id},
     * {@code __key__} and {@code __seq__}.
     */
    public int startInstance(String configJson, int seq, String routeId, String instanceName) throws IOException {
        String withKongKeys = configJson.strip();
        withKongKeys = withKongKeys.substring(0, withKongKeys.length() - 1)
                + (withKongKeys.length() > 2 ? "," : "")
                + "\"__seq__\":" + seq + ",\"__plugin_id\":\"5f1c7b52-0000-4000-8000-00000000000" + (seq % 10)
                + "\",\"__key__\":\"plugins:modelgate:" + routeId + "::::\""
                + (instanceName == null ? "" : ",\"plugin_instance_name\":\"" + instanceName + "\"")
                + ",\"route_id\":\"" + routeId + "\",\"service_id\":null,\"consumer_id\":null}";
        RpcReturn answer = rpc(RpcCall.newBuilder().setCmdStartInstance(CmdStartInstance.newBuilder()
                .setName(PLUGIN).setConfig(ByteString.copyFromUtf8(withKongKeys))));
        if (!answer.hasInstanceStatus()) {
            throw new IOException("start_instance answered without an instance status");
        }
        return answer.getInstanceStatus().getInstanceId();
    }

    public RpcReturn closeInstance(int id) throws IOException {
        return rpc(RpcCall.newBuilder().setCmdCloseInstance(CmdCloseInstance.newBuilder().setInstanceId(id)));
    }

    public RpcReturn pluginInfo(String name) throws IOException {
        return rpc(RpcCall.newBuilder().setCmdGetPluginInfo(CmdGetPluginInfo.newBuilder().setName(name)));
    }

    public RpcReturn pluginNames() throws IOException {
        return rpc(RpcCall.newBuilder().setCmdGetPluginNames(CmdGetPluginNames.getDefaultInstance()));
    }

    /** Sends an RpcCall as it is (its sequence too) and returns the answer. */
    public RpcReturn rpc(RpcCall.Builder call) throws IOException {
        if (call.getSequence() == 0) {
            call.setSequence(sequence.incrementAndGet());
        }
        Conn c = borrow();
        boolean reusable = false;
        try {
            c.write(call.build().toByteArray());
            RpcReturn answer = RpcReturn.parseFrom(c.read());
            check(call.getSequence(), answer);
            reusable = true;
            return answer;
        } finally {
            giveBack(c, reusable);
        }
    }

    /**
     * Runs the access phase for one request.
     *
     * @throws EOFException when the server hung up, which Kong reads as "instance gone, start it again"
     */
    public KongResult access(int instanceId, KongRequest request) throws IOException {
        long seq = sequence.incrementAndGet();
        Conn c = borrow();
        boolean reusable = false;
        List<String> calls = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        List<String> cleared = new ArrayList<>();
        byte[] newBody = null;
        try {
            c.write(RpcCall.newBuilder().setSequence(seq).setCmdHandleEvent(CmdHandleEvent.newBuilder()
                    .setInstanceId(instanceId).setEventName("access")).build().toByteArray());
            while (true) {
                byte[] method = c.read();
                if (method.length == 0) {
                    break;
                }
                String name = new String(method, StandardCharsets.US_ASCII);
                byte[] args = c.read();
                calls.add(name);
                switch (name) {
                    case "kong.request.get_path" -> c.write(KongString.newBuilder().setV(request.path()).build().toByteArray());
                    case "kong.request.get_headers" -> c.write(headers(request).toByteArray());
                    case "kong.request.get_header" -> {
                        List<String> v = request.headers().get(KongString.parseFrom(args).getV());
                        c.write(v == null ? new byte[0] : KongString.newBuilder().setV(v.get(0)).build().toByteArray());
                    }
                    case "kong.client.get_consumer" -> c.write(request.consumer() == null ? new byte[0]
                            : Consumer.newBuilder().setId("c-" + request.consumer()).setUsername(request.consumer()).build().toByteArray());
                    case "kong.request.get_raw_body" -> c.write(rawBody(request).toByteArray());
                    case "kong.service.request.set_headers" -> {
                        Struct.parseFrom(args).getFieldsMap().forEach((k, v) -> set.put(k, v.getStringValue()));
                        c.write(new byte[0]);
                    }
                    case "kong.service.request.clear_header" -> {
                        cleared.add(KongString.parseFrom(args).getV());
                        c.write(new byte[0]);
                    }
                    case "kong.service.request.set_raw_body" -> {
                        newBody = Bytes.parseFrom(args).getV().toByteArray();
                        c.write(new byte[0]);
                    }
                    case "kong.response.exit" -> {
                        // Kong's handler never returns from exit: no reply, and the connection is not reused.
                        ExitArgs exit = ExitArgs.parseFrom(args);
                        Map<String, String> headers = new HashMap<>();
                        exit.getHeaders().getFieldsMap().forEach((k, v) -> headers.put(k, v.getStringValue()));
                        return new KongResult(exit.getStatus(), exit.getBody().toByteArray(), headers, set, cleared, newBody, calls);
                    }
                    default -> throw new IOException("Kong has no PDK method " + name);
                }
            }
            RpcReturn done = RpcReturn.parseFrom(c.read());
            check(seq, done);
            reusable = true;
            return new KongResult(null, null, Map.of(), set, cleared, newBody, calls);
        } finally {
            giveBack(c, reusable);
        }
    }

    /** A raw connection for bad-input tests. */
    public Conn connect() throws IOException {
        return new Conn(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    public int pooled() {
        return pool.size();
    }

    private static Struct headers(KongRequest request) {
        Struct.Builder s = Struct.newBuilder();
        request.headers().forEach((k, values) -> {
            if (values.size() == 1) {
                s.putFields(k, Value.newBuilder().setStringValue(values.get(0)).build());
            } else {
                ListValue.Builder list = ListValue.newBuilder();
                values.forEach(v -> list.addValues(Value.newBuilder().setStringValue(v)));
                s.putFields(k, Value.newBuilder().setListValue(list).build());
            }
        });
        return s.build();
    }

    private static MessageLite rawBody(KongRequest request) {
        if (request.bodyError() != null) {
            return RawBodyResult.newBuilder().setError(request.bodyError()).build();
        }
        if (request.bodyFile() != null) {
            return RawBodyResult.newBuilder().setBodyFilepath(request.bodyFile().toString()).build();
        }
        return request.body() == null ? Empty.getDefaultInstance()
                : RawBodyResult.newBuilder().setContent(ByteString.copyFrom(request.body())).build();
    }

    private static void check(long sent, RpcReturn answer) throws IOException {
        if (answer.getSequence() != sent) {
            throw new IOException("RpcReturn sequence " + answer.getSequence() + " does not match the call's " + sent);
        }
    }

    private Conn borrow() throws IOException {
        Conn c = pool.pollFirst();
        return c != null ? c : connect();
    }

    private void giveBack(Conn c, boolean reusable) {
        if (reusable) {
            pool.offerFirst(c);
        } else {
            c.close();
        }
    }

    @Override
    public void close() {
        Conn c;
        while ((c = pool.poll()) != null) {
            c.close();
        }
    }

    /** One connection with Kong's framing. */
    public static final class Conn implements AutoCloseable {
        private final SocketChannel channel;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        public void write(byte[] frame) throws IOException {
            ByteBuffer out = ByteBuffer.allocate(4 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
            out.putInt(frame.length).put(frame).flip();
            writeRaw(out);
        }

        public void writeRaw(ByteBuffer out) throws IOException {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        }

        public byte[] read() throws IOException {
            ByteBuffer len = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            readFully(len);
            byte[] frame = new byte[len.flip().getInt()];
            readFully(ByteBuffer.wrap(frame));
            return frame;
        }

        /** Reads and drops whatever the server still sends; true once it has closed the connection. */
        public boolean closedByServer() throws IOException {
            ByteBuffer sink = ByteBuffer.allocate(4096);
            while (channel.read(sink.clear()) >= 0) {
                // pipelined frames sent before the server saw the problem
            }
            return true;
        }

        private void readFully(ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                if (channel.read(b) < 0) {
                    throw new EOFException("the plugin server closed the connection");
                }
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do for a connection being dropped
            }
        }
    }
}
