package dev.modelgate.policy.guard.detect;

/** The Luhn (mod 10) check over the digits of a span, ignoring separators, without copying. */
final class Luhn {

    private Luhn() {
    }

    static boolean valid(CharSequence text, int start, int end) {
        int sum = 0;
        boolean doubled = false;
        for (int i = end - 1; i >= start; i--) {
            char c = text.charAt(i);
            if (!Chars.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
