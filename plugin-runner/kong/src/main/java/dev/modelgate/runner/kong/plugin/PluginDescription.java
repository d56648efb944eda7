package dev.modelgate.runner.kong.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelgate.runner.kong.protocol.PluginInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What Kong learns about the plugin: name, phases, priority, version and config schema. The text lives
 * in one file, {@code modelgate-kong.info.json}: {@code -dump} prints it, the build copies it next to the jar
 * for Kong's query command, and {@code cmd_get_plugin_info} answers from it.
 */
public final class PluginDescription {

    public static final String RESOURCE = "modelgate-kong.info.json";

    private final String dump;
    private final JsonNode plugin;
    private final long loadedAt = Instant.now().getEpochSecond();

    private PluginDescription(String dump) throws IOException {
        this.dump = dump;
        this.plugin = new ObjectMapper().readTree(dump).path("Plugins").path(0);
    }

    public static PluginDescription load() {
        try (InputStream in = PluginDescription.class.getResourceAsStream(RESOURCE)) {
            return new PluginDescription(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the plugin description is missing from the jar", e);
        }
    }

    /** Kong's query-command output. */
    public String dump() {
        return dump;
    }

    public String name() {
        return plugin.path("Name").asText();
    }

    public PluginInfo info() {
        List<String> phases = new ArrayList<>();
        plugin.path("Phases").forEach(p -> phases.add(p.asText()));
        return PluginInfo.newBuilder().setName(name()).setVersion(plugin.path("Version").asText())
                .setPriority(plugin.path("Priority").asInt()).addAllPhases(phases)
                .setSchema(plugin.path("Schema").toString()).setLoadedAt(loadedAt).setUpdatedAt(loadedAt).build();
    }
}
