package dev.modelgate.runner.apisix;

import com.google.flatbuffers.FlatBufferBuilder;
import io.github.api7.A6.ExtraInfo.Resp;
import org.apache.apisix.plugin.runner.ExtraInfoResponse;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The bulk body read keeps the core's exact contract (one char per byte), for every byte value and size. */
class BulkBodyRpcCallHandlerTest {

    private static Resp resp(byte[] bytes) {
        FlatBufferBuilder b = new FlatBufferBuilder();
        b.finish(Resp.createResp(b, Resp.createResultVector(b, bytes)));
        return Resp.getRootAsResp(b.dataBuffer());
    }

    @Test
    void readsWhatTheCoreReadsInOneCopy() {
        Random random = new Random(7);
        for (int size : new int[]{0, 1, 255, 2048, 1 << 20}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Resp resp = resp(bytes);
            assertThat(new BulkBodyRpcCallHandler.BulkExtraInfo(resp).getResult())
                    .isEqualTo(new ExtraInfoResponse(resp).getResult());
        }
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertThat(new BulkBodyRpcCallHandler.BulkExtraInfo(resp(all)).getResult())
                .isEqualTo(new ExtraInfoResponse(resp(all)).getResult()).hasSize(256);
    }

    @Test
    void anAbsentResultIsEmptyAsInTheCore() {
        FlatBufferBuilder b = new FlatBufferBuilder();
        Resp.startResp(b);
        b.finish(Resp.endResp(b));
        Resp empty = Resp.getRootAsResp(b.dataBuffer());
        assertThat(new BulkBodyRpcCallHandler.BulkExtraInfo(empty).getResult()).isEqualTo(new ExtraInfoResponse(empty).getResult());
    }
}
