package dev.modelgate.policy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ModelgateCliTest {

    private static final Path SAMPLES = Path.of("..", "sample-configs", "policies");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ModelgateCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void validateAcceptsTheSamples() {
        assertThat(run("validate", SAMPLES.resolve("enterprise").toString())).isZero();
        assertThat(out.toString()).startsWith("ok: 9 file(s), 7 provider(s), 7 model alias(es), 5 team(s)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void validateReportsProblemsAsFileLineColumnAndExitsOne(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "version: 1\nprovidrs: {}\nmodels:\n  x: { strategy: cheapest, candidates: [] }\n");

        assertThat(run("validate", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(
                bad + ":2:1: unknown key 'providrs' in the policy. Did you mean 'providers'?",
                bad + ":4:18: 'cheapest' is not a valid value for 'models.x.strategy'.",
                "problems found");
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void garbageAndMissingFilesGiveAnErrorNotAStackTrace(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("binary.yaml");
        Files.write(binary, new byte[]{0, (byte) 0xff, (byte) 0xfe, 1, 2, 3});

        assertThat(run("validate", binary.toString(), dir.resolve("nope.yaml").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nope.yaml:1:1: no such file").doesNotContain("\tat ");
        assertThat(run("validate")).isEqualTo(2);
    }

    @Test
    void renderPrintsTheMergedPolicyWithDefaults() {
        assertThat(run("render", "--json", SAMPLES.resolve("small.yaml").toString())).isZero();
        assertThat(out.toString()).contains("\"timezone\" : \"UTC\"", "\"input_per_mtok\" : 0.15", "\"timeout_ms\" : 60000");
    }

    @Test
    void schemaPrintsTheCommittedSchema() throws Exception {
        assertThat(run("schema")).isZero();
        assertThat(out.toString()).isEqualTo(Files.readString(Path.of("schema", "modelgate-policy.schema.json")));
    }

    @Test
    void fmtCheckFlagsUnformattedFilesAndFmtFixesThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "\uFEFFversion: 1   \r\nproviders:\r\n\tsim: { type: simulated }\r\n\r\n\r\n");

        assertThat(run("fmt", "--check", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("p.yaml: not formatted");
        assertThat(run("fmt", file.toString())).isZero();
        assertThat(Files.readString(file)).isEqualTo("version: 1\nproviders:\n  sim: { type: simulated }\n");
        assertThat(run("fmt", "--check", file.toString())).isZero();
        assertThat(run("fmt", "--check", SAMPLES.toString())).as("samples are formatted").isZero();
    }
}
