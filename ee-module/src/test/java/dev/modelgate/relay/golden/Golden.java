package dev.modelgate.relay.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.MapperFeature;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files for format translation: recorded requests, answers and streams under
 * {@code src/test/resources/golden/}, compared with what a translator produces after normalisation
 * (keys sorted, pretty-printed, so key order and whitespace do not matter but every value does).
 * Run with {@code -Dgolden.update=true} to rewrite the expected files after a deliberate change, then
 * review the diff like any other change.
 */
public final class Golden {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private Golden() {
    }

    /** A JSON golden file, e.g. {@code anthropic/tools/openai-request.json}. */
    public static ObjectNode json(String path) {
        try (InputStream in = open(path)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text golden file (an SSE stream), exactly as stored. */
    public static String text(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} equals the golden JSON at {@code path} after normalisation. */
    public static void assertJson(String path, JsonNode actual) {
        String got = normalise(actual);
        if (Boolean.getBoolean("golden.update")) {
            write(path, got);
            return;
        }
        assertThat(got).as("golden file %s", path).isEqualTo(normalise(json(path)));
    }

    /**
     * Asserts that an SSE stream equals the golden stream at {@code path}: the same events in the same
     * order with the same names, each event's JSON data equal after normalisation.
     */
    public static void assertSse(String path, String actual) {
        String got = normaliseSse(actual);
        if (Boolean.getBoolean("golden.update")) {
            write(path, actual);
            return;
        }
        assertThat(got).as("golden stream %s", path).isEqualTo(normaliseSse(text(path)));
    }

    private static String normaliseSse(String stream) {
        List<String> events = new ArrayList<>();
        for (String block : stream.replace("\r\n", "\n").split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            StringBuilder event = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("data:")) {
                    String data = line.substring(5).trim();
                    try {
                        event.append("data: ").append(normalise(JSON.readTree(data))).append('\n');
                    } catch (IOException e) {
                        event.append("data: ").append(data).append('\n'); // [DONE] or deliberately broken data
                    }
                } else {
                    event.append(line.trim()).append('\n');
                }
            }
            events.add(event.toString());
        }
        return String.join("\n", events);
    }

    private static String normalise(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = Golden.class.getResourceAsStream("/golden/" + path);
        if (in == null) {
            throw new IllegalArgumentException("no golden file golden/" + path + " (run with -Dgolden.update=true to create it)");
        }
        return in;
    }

    private static void write(String path, String content) {
        try {
            Path file = Path.of("src/test/resources/golden", path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content.endsWith("\n") ? content : content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
