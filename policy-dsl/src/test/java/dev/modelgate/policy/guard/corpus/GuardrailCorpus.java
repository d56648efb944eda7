package dev.modelgate.policy.guard.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The labelled guardrail corpus (public scanners' test cases and datasets), read from
 * {@code shared/guardrail-corpus} beside the checkout. It lives outside the repository on purpose:
 * the samples belong to their projects, so the tests read them where the machine keeps them.
 * The system property {@code modelgate.guardrail.corpus} points elsewhere.
 */
public final class GuardrailCorpus {

    /** One labelled sample; {@code labels} maps a detector name to 1 (should fire) or 0 (should not). */
    public record Sample(String id, String file, String group, String scope, String text, boolean wrap,
                         Map<String, Integer> labels) {

        /** The text as the harness sends it: wrapped samples go inside a short sentence, as pasted into a chat. */
        public String prompt() {
            return wrap ? "Can you check why this does not work?\n" + text + "\nThanks." : text;
        }
    }

    private GuardrailCorpus() {
    }

    /** The corpus directory: the system property, else {@code shared/guardrail-corpus} in the nearest ancestor that has one. */
    public static Optional<Path> locate() {
        String configured = System.getProperty("modelgate.guardrail.corpus");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("shared").resolve("guardrail-corpus");
            if (Files.isRegularFile(p.resolve("README.md"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    public static List<Sample> read(Path dir, String file) {
        ObjectMapper json = new ObjectMapper();
        List<Sample> samples = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o = json.readTree(line);
                Map<String, Integer> labels = new LinkedHashMap<>();
                o.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asInt()));
                samples.add(new Sample(o.path("id").asText(), file, o.path("group").asText(),
                        o.path("scope").asText(), o.path("text").asText(), o.path("wrap").asBoolean(), labels));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return samples;
    }
}
