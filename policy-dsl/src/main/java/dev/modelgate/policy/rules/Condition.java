package dev.modelgate.policy.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.Map;

/**
 * A compiled CEL rule condition. Compiled once when the policy loads (type-checked against the
 * declared request attributes, so a typo is a load error, not a runtime surprise), evaluated per request.
 */
public final class Condition {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("team", SimpleType.STRING)
            .addVar("key", SimpleType.STRING)
            .addVar("model", SimpleType.STRING)
            .addVar("endpoint", SimpleType.STRING)
            .addVar("estimated_input_tokens", SimpleType.INT)
            .addVar("max_output_tokens", SimpleType.INT)
            .addVar("stream", SimpleType.BOOL)
            .addVar("tools", SimpleType.BOOL)
            .addVar("images", SimpleType.INT)
            .addVar("tags", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("headers", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .setResultType(SimpleType.BOOL)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    /** Names a condition may use; listed in error messages and the README. */
    public static final String VARIABLES = "team, key, model, endpoint, estimated_input_tokens, max_output_tokens, "
            + "stream, tools, images, tags, headers";

    private final String source;
    private final CelRuntime.Program program;

    private Condition(String source, CelRuntime.Program program) {
        this.source = source;
        this.program = program;
    }

    /** Compiles a condition or throws with CEL's explanation of what is wrong. */
    public static Condition compile(String expression) throws InvalidConditionException {
        CelValidationResult result = COMPILER.compile(expression);
        if (result.hasError()) {
            throw new InvalidConditionException(describe(result.getErrorString()));
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Condition(expression, RUNTIME.createProgram(ast));
        } catch (Exception e) {
            throw new InvalidConditionException(e.getMessage());
        }
    }

    /**
     * Evaluates the condition against variables made once per request with
     * {@link RequestAttributes#variables()} and shared by all rules. A runtime error (a missing map key,
     * say) counts as "does not match": a rule must never turn a request into a 500.
     */
    public boolean test(Map<String, ?> variables) {
        try {
            return Boolean.TRUE.equals(program.eval(variables));
        } catch (CelEvaluationException e) {
            return false;
        }
    }

    /** "ERROR: <input>:1:5: undeclared reference to 'x' ..." becomes "column 5: undeclared reference to 'x'. Did you mean ...". */
    private static String describe(String celError) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ERROR: <input>:(\\d+):(\\d+): ([^\\n]*)").matcher(celError);
        if (!m.find()) {
            return celError.lines().findFirst().orElse(celError);
        }
        String message = "column " + m.group(2) + ": " + m.group(3).replace(" (in container '')", "");
        java.util.regex.Matcher undeclared = java.util.regex.Pattern.compile("undeclared reference to '([^']+)'").matcher(message);
        if (undeclared.find()) {
            message += "." + dev.modelgate.policy.spelling.Suggestions.hint(undeclared.group(1), java.util.List.of(VARIABLES.split(", ")));
        }
        return message;
    }

    public String source() {
        return source;
    }

    /** A condition that does not compile; the message is CEL's, with the column inside the expression. */
    public static final class InvalidConditionException extends Exception {
        public InvalidConditionException(String message) {
            super(message);
        }
    }
}
