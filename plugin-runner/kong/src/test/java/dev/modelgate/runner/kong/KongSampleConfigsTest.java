package dev.modelgate.runner.kong;

import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.plugin.KongConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.modelgate.policy.eval.Caller;
import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedMessages;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kong samples an operator copies: they parse, fit the plugin's schema and the policy they point at. */
class KongSampleConfigsTest {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path SAMPLES = ROOT.resolve("sample-configs/kong");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Where the Ansible role installs the policies; on a checkout, the enterprise sample. */
    static final Map<String, Path> INSTALLED = Map.of("/etc/modelgate/policies", ROOT.resolve("sample-configs/policies/enterprise"));

    @Test
    void kongConfStartsThisServerAndReadsItsDescriptionWithoutAJvm() throws Exception {
        Properties conf = new Properties();
        conf.load(Files.newBufferedReader(SAMPLES.resolve("kong.conf"), StandardCharsets.UTF_8));
        assertThat(conf.getProperty("plugins")).contains("modelgate");
        assertThat(conf.getProperty("pluginserver_names")).isEqualTo("modelgate");

        String start = conf.getProperty("pluginserver_modelgate_start_cmd");
        assertThat(start).as("Kong passes a limited PATH").startsWith("/");
        assertThat(start).contains("/modelgate-kong.jar", "-kong-prefix", "-env-file");
        assertThat(Files.readString(ROOT.resolve("plugin-runner/kong/pom.xml"))).contains("<finalName>modelgate-kong</finalName>");
        String socket = conf.getProperty("pluginserver_modelgate_socket");
        String prefix = start.substring(start.indexOf("-kong-prefix") + "-kong-prefix".length()).strip().split("\\s+")[0];
        assertThat(socket).as("the socket the server makes under -kong-prefix is the one Kong connects to")
                .isEqualTo(prefix + "/modelgate.socket");

        String query = conf.getProperty("pluginserver_modelgate_query_cmd");
        assertThat(query).startsWith("/bin/cat ").endsWith("/" + PluginDescription.RESOURCE);
    }

    @Test
    void theInfoFileKongReadsIsWhatTheServerAnswers() throws Exception {
        JsonNode dump = new ObjectMapper().readTree(PluginDescription.load().dump());
        assertThat(dump.path("Protocol").asText()).isEqualTo("ProtoBuf:1");
        assertThat(dump.path("Plugins")).hasSize(1);
        Path built = ROOT.resolve("plugin-runner/kong/target/kong/" + PluginDescription.RESOURCE);
        assertThat(Files.readString(built)).isEqualTo(PluginDescription.load().dump());
    }

    @Test
    void theDocsNameTheInfoFileWhereTheBuildWritesIt() throws Exception {
        String builtPath = "plugin-runner/kong/target/kong/" + PluginDescription.RESOURCE;
        assertThat(ROOT.resolve(builtPath)).exists();
        for (Path doc : List.of(ROOT.resolve("docs/edge.md"), SAMPLES.resolve("kong.conf"))) {
            String text = Files.readString(doc);
            assertThat(text).as(doc + " names the built file").contains(builtPath);
            assertThat(text).as(doc + " has no other build path for it").doesNotContain("target/" + PluginDescription.RESOURCE);
        }
    }

    @Test
    void routesUseTheModelgatePluginWithSchemaValidConfigAndEveryConsumerHasATeam() throws Exception {
        JsonNode kong = YAML.readTree(SAMPLES.resolve("kong.yml").toFile());
        assertThat(kong.path("_format_version").asText()).isEqualTo("3.0");
        JsonNode schema = new ObjectMapper().readTree(PluginDescription.load().dump())
                .path("Plugins").path(0).path("Schema").path("fields").path(0).path("config");

        List<CompiledPolicy> policies = new ArrayList<>();
        List<String> served = new ArrayList<>();
        for (JsonNode service : kong.path("services")) {
            assertThat(service.path("url").asText()).as("the relay is the service").startsWith("http://127.0.0.1:");
            for (JsonNode route : service.path("routes")) {
                List<String> names = new ArrayList<>();
                route.path("plugins").forEach(p -> names.add(p.path("name").asText()));
                assertThat(names).as("authentication first, so the Kong consumer is the identity").containsExactly("key-auth", "modelgate");
                assertThat(route.path("plugins").path(0).path("config").path("hide_credentials").asBoolean()).isTrue();
                for (JsonNode routePath : route.path("paths")) {
                    String path = routePath.asText();
                    assertThat(Endpoint.fromPath(path).isPresent() || ParsedMessages.isPath(path))
                            .as("the modelgate plugin decides on %s", path).isTrue();
                    if (ParsedMessages.isAnthropicPath(path)) {
                        List<String> keyNames = new ArrayList<>();
                        route.path("plugins").path(0).path("config").path("key_names").forEach(n -> keyNames.add(n.asText()));
                        assertThat(keyNames).as("Anthropic clients send their key in x-api-key").contains("x-api-key");
                    }
                    served.add(path);
                }

                JsonNode config = route.path("plugins").path(1).path("config");
                List<String> problems = new ArrayList<>();
                validate(schema, config, "config", problems);
                assertThat(problems).isEmpty();

                ObjectNode asKongSendsIt = withDefaults(schema, config);
                KongConfig parsed = KongConfig.parse(asKongSendsIt.toString().getBytes(StandardCharsets.UTF_8));
                assertThat(parsed.error()).isNull();
                List<Path> files = parsed.settings().policyFiles().stream().map(f -> INSTALLED.getOrDefault(f, Path.of(f))).toList();
                policies.add(CompiledPolicy.of(new PolicyLoader(EnvInterpolator.system()).loadFiles(files)));
            }
        }
        assertThat(served).as("a route for each API the edge decides on").contains(Endpoint.CHAT_COMPLETIONS.path(), Endpoint.RESPONSES.path(), ParsedMessages.PATH);
        assertThat(policies).isNotEmpty();
        for (JsonNode consumer : kong.path("consumers")) {
            String name = consumer.path("username").asText();
            assertThat(policies).as("consumer %s belongs to a team", name)
                    .allSatisfy(p -> assertThat(p.teamOf(Caller.consumer(name))).isNotNull());
        }
    }

    @Test
    void theSchemaCheckRefusesWhatKongWouldRefuse() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(PluginDescription.load().dump())
                .path("Plugins").path(0).path("Schema").path("fields").path(0).path("config");
        List<String> problems = new ArrayList<>();
        validate(schema, YAML.readTree("{decision_ttl_seconds: 900, colour: blue, policy_files: []}"), "config", problems);
        assertThat(problems).containsExactlyInAnyOrder("config.decision_ttl_seconds: not between 1 and 300",
                "config.colour: unknown field", "config.policy_files: fewer than 1 items");
    }

    /** The part of Kong's schema language the plugin's schema uses: record, array, string, integer, required, between, len_min, default. */
    static void validate(JsonNode schema, JsonNode value, String at, List<String> problems) {
        switch (schema.path("type").asText()) {
            case "record" -> {
                if (!value.isObject()) {
                    problems.add(at + ": not a record");
                    return;
                }
                List<String> known = new ArrayList<>();
                for (JsonNode field : schema.path("fields")) {
                    String name = field.fieldNames().next();
                    known.add(name);
                    JsonNode fieldSchema = field.path(name);
                    JsonNode v = value.get(name);
                    if (v == null || v.isNull()) {
                        if (fieldSchema.path("required").asBoolean() && !fieldSchema.has("default")) {
                            problems.add(at + "." + name + ": required field missing");
                        }
                        continue;
                    }
                    validate(fieldSchema, v, at + "." + name, problems);
                }
                for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!known.contains(name)) {
                        problems.add(at + "." + name + ": unknown field");
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + ": not an array");
                    return;
                }
                if (value.size() < schema.path("len_min").asInt(0)) {
                    problems.add(at + ": fewer than " + schema.path("len_min").asInt() + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.path("elements"), value.get(i), at + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(at + ": not a string");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + ": not an integer");
                } else if (schema.has("between") && (value.asLong() < schema.path("between").path(0).asLong()
                        || value.asLong() > schema.path("between").path(1).asLong())) {
                    problems.add(at + ": not between " + schema.path("between").path(0) + " and " + schema.path("between").path(1));
                }
            }
            default -> problems.add(at + ": schema type " + schema.path("type") + " is not checked here");
        }
    }

    /** Kong fills unset fields with their default (or null) and adds its own keys before sending a config. */
    static ObjectNode withDefaults(JsonNode schema, JsonNode config) {
        ObjectNode full = new ObjectMapper().createObjectNode();
        for (JsonNode field : schema.path("fields")) {
            String name = field.fieldNames().next();
            JsonNode v = config.get(name);
            full.set(name, v != null ? v : field.path(name).has("default") ? field.path(name).get("default") : null);
        }
        full.put("__seq__", 1).put("__plugin_id", "0b8e6a4e-0000-4000-8000-000000000001").put("route_id", "r-1");
        return full;
    }
}
