package dev.modelgate.policy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code modelgate} command line for ops teams: validate policies in a pre-commit hook or CI,
 * explain how a request would be treated, print the JSON Schema, check formatting, render the merged policy.
 * Exit codes: 0 fine, 1 the policy or files have problems, 2 wrong usage, 3 internal error.
 */
@Command(name = "modelgate", mixinStandardHelpOptions = true, versionProvider = ModelgateCli.Version.class,
        description = "Validate, explain and format Modelgate policy files.",
        subcommands = {ValidateCommand.class, ExplainCommand.class, RenderCommand.class, SchemaCommand.class,
                FmtCommand.class, CommandLine.HelpCommand.class})
public final class ModelgateCli implements Runnable {

    /** Hibernate Validator announces its version through java.util.logging; a CLI prints only answers. Held so it is not collected. */
    private static final java.util.logging.Logger QUIET_VALIDATOR = java.util.logging.Logger.getLogger("org.hibernate.validator");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the CLI with the given streams; returns the exit code. Tests call this directly. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        QUIET_VALIDATOR.setLevel(java.util.logging.Level.WARNING);
        CommandLine cli = new CommandLine(new ModelgateCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, line, parse) -> {
            // Never a stack trace for the user: say what failed, in one line.
            line.getErr().println("modelgate: internal error: " + e);
            return 3;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ModelgateCli.class.getPackage().getImplementationVersion();
            return new String[]{"modelgate " + (v == null ? "development build" : v)};
        }
    }
}
