package dev.modelgate.runner.kong;

import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import dev.modelgate.runner.kong.protocol.CmdHandleEvent;
import dev.modelgate.runner.kong.protocol.RpcCall;
import dev.modelgate.runner.kong.protocol.RpcReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad frames and odd calls: a clear answer or a closed connection, never a wedged server. */
@Timeout(30)
class KongRobustnessTest {

    static KongHarness kong;
    static int instance;

    @BeforeAll
    static void start() throws Exception {
        kong = new KongHarness(TestServer.socket());
        instance = kong.startInstance(TestServer.config(TestServer.policyCopy("robust"), null), 1);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    /** The proof that nothing is wedged: a normal request on a fresh harness is admitted. */
    static void stillServes() throws Exception {
        try (KongHarness fresh = new KongHarness(TestServer.socket())) {
            KongResult r = fresh.access(instance, KongRequest.chat("search-app", "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"ok\"}]}"));
            assertThat(r.exited()).as(r.exitBodyText()).isFalse();
            assertThat(r.upstreamSet()).containsKey(DecisionSigner.HEADER);
        }
    }

    @Test
    void garbageFrameClosesOnlyThatConnection() throws Exception {
        try (KongHarness.Conn idle = kong.connect(); KongHarness.Conn c = kong.connect()) {
            byte[] garbage = new byte[300];
            new Random(7).nextBytes(garbage);
            garbage[0] = (byte) 0xff; // an invalid wire type, so it cannot parse by chance
            c.write(garbage);
            assertThat(c.closedByServer()).isTrue();
            stillServes();
            idle.write(RpcCall.newBuilder().setSequence(5).setCmdGetPluginNames(
                    dev.modelgate.runner.kong.protocol.CmdGetPluginNames.getDefaultInstance()).build().toByteArray());
            assertThat(RpcReturn.parseFrom(idle.read()).getSequence()).as("a connection opened before still works").isEqualTo(5);
        }
    }

    @Test
    void truncatedFrameThenHangUp() throws Exception {
        try (KongHarness.Conn c = kong.connect()) {
            ByteBuffer partial = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
            partial.putInt(100).put(new byte[10]).flip();
            c.writeRaw(partial);
        }
        stillServes();
    }

    @Test
    void frameOverSixteenMebibytesIsRefusedWithoutReadingIt() throws Exception {
        try (KongHarness.Conn c = kong.connect()) {
            ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(-1).flip(); // 4 GiB as Kong's uint32
            c.writeRaw(header);
            assertThat(c.closedByServer()).isTrue();
        }
        stillServes();
    }

    @Test
    void unknownCommandGetsAnEmptyReturnAndTheConnectionStaysUsable() throws Exception {
        try (KongHarness.Conn c = kong.connect()) {
            c.write(RpcCall.newBuilder().setSequence(41).build().toByteArray());
            RpcReturn answer = RpcReturn.parseFrom(c.read());
            assertThat(answer.getSequence()).isEqualTo(41);
            assertThat(answer.getReturnCase()).isEqualTo(RpcReturn.ReturnCase.RETURN_NOT_SET);

            c.write(new byte[0]); // empty frames between calls are valid and ignored
            c.write(RpcCall.newBuilder().setSequence(42).setCmdGetPluginNames(
                    dev.modelgate.runner.kong.protocol.CmdGetPluginNames.getDefaultInstance()).build().toByteArray());
            assertThat(RpcReturn.parseFrom(c.read()).getPluginNames().getNamesList()).containsExactly("modelgate");
        }
    }

    @Test
    void anySequenceNumberIsEchoedAsSent() throws Exception {
        for (long seq : new long[]{-7, Long.MAX_VALUE, 3}) {
            RpcReturn answer = kong.rpc(RpcCall.newBuilder().setSequence(seq)
                    .setCmdGetPluginNames(dev.modelgate.runner.kong.protocol.CmdGetPluginNames.getDefaultInstance()));
            assertThat(answer.getSequence()).isEqualTo(seq);
        }
    }

    @Test
    void eventsForOtherPhasesEndAtOnce() throws Exception {
        try (KongHarness.Conn c = kong.connect()) {
            c.write(RpcCall.newBuilder().setSequence(9).setCmdHandleEvent(CmdHandleEvent.newBuilder()
                    .setInstanceId(instance).setEventName("log")).build().toByteArray());
            assertThat(c.read()).as("end of event, no PDK call").isEmpty();
            assertThat(RpcReturn.parseFrom(c.read()).getSequence()).isEqualTo(9);
        }
    }

    @Test
    void aGarbledPdkReplyDropsThatConnectionOnly() throws Exception {
        try (KongHarness.Conn c = kong.connect()) {
            c.write(RpcCall.newBuilder().setSequence(77).setCmdHandleEvent(CmdHandleEvent.newBuilder()
                    .setInstanceId(instance).setEventName("access")).build().toByteArray());
            assertThat(new String(c.read(), StandardCharsets.US_ASCII)).isEqualTo("kong.request.get_path");
            c.read(); // its (empty) argument
            c.write(new byte[]{(byte) 0xff, (byte) 0xff, 0x01}); // not a String message
            assertThat(c.closedByServer()).isTrue();
        }
        stillServes();
    }
}
