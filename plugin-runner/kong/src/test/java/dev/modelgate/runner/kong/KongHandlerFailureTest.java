package dev.modelgate.runner.kong;

import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.plugin.ModelgateAccess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.edge.EdgeGate;
import dev.modelgate.policy.decision.RequestIds;
import dev.modelgate.edge.policy.PolicyWatcher;
import dev.modelgate.policy.decision.DecisionSigner;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.runner.kong.harness.KongHarness;
import dev.modelgate.runner.kong.harness.KongRequest;
import dev.modelgate.runner.kong.harness.KongResult;
import dev.modelgate.runner.kong.protocol.CmdGetPluginNames;
import dev.modelgate.runner.kong.protocol.RpcCall;
import dev.modelgate.runner.kong.protocol.RpcReturn;
import dev.modelgate.runner.kong.server.PluginServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A handler that fails inside (here: an edge whose evaluator is missing) must still answer, or Kong would
 * reset the instance and retry the request forever: each request gets an OpenAI-shaped 500 through
 * kong.response.exit, and the server and its other pooled connections carry on.
 */
@Timeout(30)
class KongHandlerFailureTest {

    @Test
    void aFailingHandlerAnswers500AndTheServerKeepsServing() throws Exception {
        Path dir = Files.createTempDirectory("mg-kong-broken");
        try (PolicyWatcher policies = new PolicyWatcher(EnvInterpolator.system(), Duration.ofHours(1))) {
            EdgeGate broken = new EdgeGate(policies, null, null, TestServer.HMAC_KEYS, true, new RequestIds("mg-"), Clock.systemUTC());
            try (PluginServer server = new PluginServer(dir.resolve("modelgate.socket"), PosixFilePermissions.fromString("rw-------"),
                    PluginDescription.load(), new ModelgateAccess(broken));
                 KongHarness kong = new KongHarness(server.socket());
                 KongHarness.Conn pooled = kong.connect()) {
                int id = kong.startInstance(TestServer.config(TestServer.policyCopy("broken"), null), 1);
                String body = "{\"model\":\"chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                for (int i = 0; i < 3; i++) {
                    KongResult r = kong.access(id, KongRequest.chat("search-app", body));
                    assertThat(r.exitStatus()).isEqualTo(500);
                    JsonNode error = new ObjectMapper().readTree(r.exitBody()).path("error");
                    assertThat(error.path("code").asText()).isEqualTo("internal_error");
                    assertThat(error.path("message").asText()).doesNotContain("NullPointerException");
                    assertThat(r.exitHeaders()).containsKey(DecisionSigner.REQUEST_ID_HEADER);
                    assertThat(r.upstreamSet()).isEmpty();
                }
                pooled.write(RpcCall.newBuilder().setSequence(99).setCmdGetPluginNames(CmdGetPluginNames.getDefaultInstance())
                        .build().toByteArray());
                assertThat(RpcReturn.parseFrom(pooled.read()).getPluginNames().getNamesList())
                        .as("a connection opened before the failures still works").containsExactly("modelgate");
            }
        }
    }
}
