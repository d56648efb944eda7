package dev.modelgate.policy.cli;

import dev.modelgate.policy.schema.PolicySchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "schema", description = "Print the JSON Schema of policy files (for editors and CI).")
final class SchemaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(PolicySchema.generate());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
