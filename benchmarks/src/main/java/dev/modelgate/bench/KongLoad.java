package dev.modelgate.bench;

import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;

import java.nio.file.Path;

/**
 * Load generator for the Kong plugin server over its Unix socket: the Kong harness on many connections and
 * one plugin instance, as Kong's workers drive it. Latency is that of a whole access event: the
 * handle_event call, the PDK round trips (path, headers, consumer, body, set headers) and the RpcReturn.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.modelgate.bench.KongLoad SOCKET POLICY[,POLICY] CONNECTIONS SECONDS</pre>
 */
public final class KongLoad {

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        int instance;
        try (KongHarness kong = new KongHarness(socket)) {
            instance = kong.startInstance("{\"policy_files\": [\"" + SocketLoad.policyList(args[1]) + "\"]}", 1);
        }
        KongRequest request = KongRequest.chat("load-generator", SocketLoad.twoKilobyteChat());
        SocketLoad.report(() -> {
            KongHarness kong = new KongHarness(socket);
            return new SocketLoad.Client() {
                @Override
                public boolean call() throws Exception {
                    return !kong.access(instance, request).exited();
                }

                @Override
                public void close() {
                    kong.close();
                }
            };
        }, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }
}
