package dev.modelgate.policy.load;

import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in policy strings so one set of files
 * serves several environments; {@code $${} writes a literal "${".
 *
 * <p>Only for non-secret values: a variable whose name says it holds a secret is refused, since an
 * expanded secret would sit in the loaded policy, in explain output and in logs. Secrets belong in
 * the relay's credential vault, referenced by name.
 */
public final class EnvInterpolator {

    private static final List<String> SECRET_MARKERS = List.of("SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "APIKEY", "PRIVATE");

    private final UnaryOperator<String> environment;

    public EnvInterpolator(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    public static EnvInterpolator system() {
        return new EnvInterpolator(System::getenv);
    }

    String interpolate(String text, SourceLocation where, List<PolicyProblem> problems) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (start >= 0) {
            if (start > 0 && text.charAt(start - 1) == '$') {
                out.append(text, i, start - 1).append("${");
                i = start + 2;
            } else {
                int end = text.indexOf('}', start);
                if (end < 0) {
                    problems.add(new PolicyProblem(where, "unclosed '${' in \"" + text + "\"; write ${NAME} or ${NAME:-default}, or $${ for a literal"));
                    return text;
                }
                String expr = text.substring(start + 2, end);
                int dflt = expr.indexOf(":-");
                String name = dflt < 0 ? expr : expr.substring(0, dflt);
                out.append(text, i, start).append(resolve(name, dflt < 0 ? null : expr.substring(dflt + 2), where, problems));
                i = end + 1;
            }
            start = text.indexOf("${", i);
        }
        return out.append(text, i, text.length()).toString();
    }

    private String resolve(String name, String fallback, SourceLocation where, List<PolicyProblem> problems) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            problems.add(new PolicyProblem(where, "'" + name + "' is not an environment variable name; use letters, digits and '_'"));
            return "";
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (SECRET_MARKERS.stream().anyMatch(upper::contains)) {
            problems.add(new PolicyProblem(where, "${" + name + "} looks like a secret; secrets never go into policy files. "
                    + "Store it in the credential vault and reference it by name (e.g. credential: openai-prod)"));
            return "";
        }
        String value = environment.apply(name);
        if (value != null) {
            return value;
        }
        if (fallback != null) {
            return fallback;
        }
        problems.add(new PolicyProblem(where, "environment variable " + name + " is not set; set it or give a default with ${"
                + name + ":-value}"));
        return "";
    }
}
