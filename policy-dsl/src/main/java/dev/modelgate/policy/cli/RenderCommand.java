package dev.modelgate.policy.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyException;
import dev.modelgate.policy.load.PolicyLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "render", description = {
        "Print the effective policy: all files merged, ${ENV} expanded, defaults filled in.",
        "Useful to review what a change to one file means for the whole policy."})
final class RenderCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files or directories.")
    List<Path> files;

    @CommandLine.Option(names = "--json", description = "JSON instead of YAML.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            var policy = new PolicyLoader(EnvInterpolator.system()).loadFiles(files).policy();
            ObjectMapper mapper = (json ? new ObjectMapper()
                    : new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()))
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .setSerializationInclusion(JsonInclude.Include.NON_NULL);
            if (json) {
                mapper.enable(SerializationFeature.INDENT_OUTPUT);
            }
            spec.commandLine().getOut().println(mapper.writeValueAsString(policy).stripTrailing());
            return 0;
        } catch (PolicyException e) {
            return ValidateCommand.report(spec, e);
        }
    }
}
