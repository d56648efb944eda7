package dev.modelgate.runner.apisix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelgate.edge.EdgeSettings;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedMessages;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The APISIX samples an operator copies: they parse, name only filters that exist, and fit the policy they point at. */
class SampleConfigsTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path SAMPLES = ROOT.resolve("sample-configs/apisix");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void configStartsTheRunnerBuiltInThisCheckoutWithTheVariablesItNeeds() throws Exception {
        JsonNode config = YAML.readTree(SAMPLES.resolve("config.yaml").toFile());
        List<String> cmd = new ArrayList<>();
        config.path("ext-plugin").path("cmd").forEach(n -> cmd.add(n.asText()));
        assertThat(cmd).first().isEqualTo("java");
        assertThat(cmd).contains("-jar");
        String jar = cmd.get(cmd.indexOf("-jar") + 1);
        Path pom = ROOT.resolve("plugin-runner/apisix/pom.xml");
        assertThat(Files.readString(pom)).contains("<finalName>" + Path.of(jar).getFileName().toString().replace(".jar", "") + "</finalName>");
        assertThat(ROOT.resolve(jar).getParent()).isEqualTo(ROOT.resolve("plugin-runner/apisix/target"));

        List<String> envs = new ArrayList<>();
        config.path("nginx_config").path("envs").forEach(n -> envs.add(n.asText()));
        assertThat(envs).contains("MODELGATE_GATEWAY_HMAC_KEYS", "MODELGATE_REDIS_URL", "MODELGATE_RELAY_URL");
    }

    @Test
    void routesNameOnlyTheModelgateFilterWithValidSettingsAndEveryConsumerHasATeam() throws Exception {
        String text = Files.readString(SAMPLES.resolve("apisix.yaml"));
        assertThat(text.strip()).as("APISIX standalone files must end with #END").endsWith("#END");
        JsonNode apisix = YAML.readTree(text);

        List<CompiledPolicy> policies = new ArrayList<>();
        List<String> served = new ArrayList<>();
        for (JsonNode route : apisix.path("routes")) {
            JsonNode plugins = route.path("plugins");
            assertThat(plugins.has("ext-plugin-pre-req")).as("identity needs authentication first: use ext-plugin-post-req").isFalse();
            assertThat(plugins.has("key-auth")).isTrue();
            for (JsonNode conf : plugins.path("ext-plugin-post-req").path("conf")) {
                assertThat(conf.path("name").asText()).isEqualTo(ModelgateFilter.NAME);
                EdgeSettings settings = EdgeSettings.parse(conf.path("value").asText());
                List<Path> files = settings.policyFiles().stream().map(ROOT::resolve).toList();
                policies.add(CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(files)));
            }
            assertThat(route.path("upstream").path("nodes").size()).as("the relay is the single upstream").isEqualTo(1);
            for (JsonNode uri : route.path("uris")) {
                String path = uri.asText();
                assertThat(Endpoint.fromPath(path).isPresent() || ParsedMessages.isPath(path))
                        .as("the modelgate filter decides on %s", path).isTrue();
                if (ParsedMessages.isAnthropicPath(path)) {
                    assertThat(plugins.path("key-auth").path("header").asText())
                            .as("Anthropic clients send their key in x-api-key").isEqualTo("x-api-key");
                }
                served.add(path);
            }
        }
        assertThat(served).as("a route for each API the edge decides on").contains(Endpoint.CHAT_COMPLETIONS.path(), Endpoint.RESPONSES.path(), ParsedMessages.PATH);
        assertThat(policies).isNotEmpty();
        for (JsonNode consumer : apisix.path("consumers")) {
            String name = consumer.path("username").asText();
            assertThat(name).matches("[a-zA-Z0-9_-]+");
            assertThat(policies).as("consumer %s belongs to a team", name)
                    .allSatisfy(p -> assertThat(p.teamOf(Caller.consumer(name))).isNotNull());
        }
    }

    @Test
    void everySampleFileParses() throws Exception {
        List<Path> files;
        try (var walk = Files.walk(ROOT.resolve("sample-configs"))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        ObjectMapper json = new ObjectMapper();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String text = Files.readString(f);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                assertThat(YAML.readTree(text)).as(f.toString()).isNotNull();
            } else if (name.endsWith(".json")) {
                json.readTree(text);
            } else if (name.endsWith(".conf") || name.endsWith(".env.example") || name.endsWith(".properties.example")) {
                // NAME=value (or NAME = value) lines and comments only, as kong.conf, server.env and bootstrap.properties read them
                for (String line : text.split("\n")) {
                    String l = line.strip();
                    assertThat(l.isEmpty() || l.startsWith("#") || l.matches("[A-Za-z_][A-Za-z0-9_.]*\\s*=.*"))
                            .as("%s: %s", f, line).isTrue();
                }
            } else {
                throw new AssertionError("no check for sample " + f + ": add one");
            }
        }
    }
}
