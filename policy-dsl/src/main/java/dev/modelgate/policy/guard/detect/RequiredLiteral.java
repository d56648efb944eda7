package dev.modelgate.policy.guard.detect;

/**
 * Finds, for simple regular expressions, the longest run of literal characters that every match must
 * contain, so a scan can skip texts that lack it. Deliberately conservative: any construct that could
 * make a literal optional or alternative (groups, alternation, ?, *, {n,m}, inline flags) means "no
 * literal", and only plain characters and escaped punctuation count as literal. A '+' after a literal
 * keeps it required once, but ends the run there.
 */
final class RequiredLiteral {

    private RequiredLiteral() {
    }

    /** The longest required literal of at least 3 chars, or null when none can be proven. */
    static String of(String regex) {
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '|' || c == '(' || c == ')' || c == '?' || c == '*' || c == '{') {
                return null;
            }
            if (c == '\\') {
                i++; // skip the escaped char: \Q..\E and friends are handled below by refusing letters after '\'
            }
        }
        String best = null;
        StringBuilder run = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '[') {
                best = longer(best, run);
                run.setLength(0);
                i = skipClass(regex, i);
                continue;
            }
            if (c == '\\' && i + 1 < regex.length()) {
                char e = regex.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    // \b, \d, \s, \Q, \1 ...: not a literal
                    best = longer(best, run);
                    run.setLength(0);
                } else {
                    run.append(e);
                }
                i += 2;
            } else if (c == '.' || c == '^' || c == '$') {
                best = longer(best, run);
                run.setLength(0);
                i++;
            } else if (c == '+') {
                best = longer(best, run); // the char before repeats: the run so far is required once, but ends here
                run.setLength(0);
                i++;
            } else {
                run.append(c);
                i++;
            }
        }
        best = longer(best, run);
        return best != null && best.length() >= 3 ? best : null;
    }

    private static int skipClass(String regex, int start) {
        int i = start + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length() && regex.charAt(i) != ']') {
            i += regex.charAt(i) == '\\' ? 2 : 1;
        }
        int after = i + 1;
        return after < regex.length() && regex.charAt(after) == '+' ? after + 1 : after;
    }

    private static String longer(String best, StringBuilder run) {
        return run.length() > (best == null ? 0 : best.length()) ? run.toString() : best;
    }
}
