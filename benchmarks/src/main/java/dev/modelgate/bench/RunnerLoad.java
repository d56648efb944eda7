package dev.modelgate.bench;

import dev.modelgate.runner.apisix.harness.A6Request;
import dev.modelgate.runner.apisix.harness.ApisixHarness;

import java.nio.file.Path;
import java.util.Map;

/**
 * Load generator for the APISIX runner over its Unix socket: the protocol harness on many connections with
 * one reused conf token, as APISIX workers drive the runner. Latency is that of a whole HTTPReqCall,
 * including the runner's ExtraInfo round trips.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.modelgate.bench.RunnerLoad SOCKET POLICY[,POLICY] CONNECTIONS SECONDS</pre>
 */
public final class RunnerLoad {

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        long token = ApisixHarness.prepareConf(socket, Map.of("modelgate",
                "{\"policy_files\": [\"" + SocketLoad.policyList(args[1]) + "\"]}"));
        A6Request request = A6Request.chat(token, "load-generator", SocketLoad.twoKilobyteChat());
        SocketLoad.report(() -> {
            ApisixHarness apisix = new ApisixHarness(socket);
            return new SocketLoad.Client() {
                @Override
                public boolean call() throws Exception {
                    return apisix.call(request).isRewrite();
                }

                @Override
                public void close() throws Exception {
                    apisix.close();
                }
            };
        }, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }
}
