package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Issuer identification ranges of the major card networks with their valid lengths. A Luhn check
 * alone accepts one random number in ten, so the prefix-and-length table is what keeps order
 * numbers and tracking codes from being redacted as cards.
 */
final class CardBrands {

    /** Prefixes {@code low..high} (inclusive) of {@code digits} leading digits; PAN length range. */
    private record Range(int digits, int low, int high, int minLength, int maxLength) {
    }

    private final List<Range> ranges = List.of(
            new Range(1, 4, 4, 13, 13),            // Visa: 13, 16 and 19 digits only
            new Range(1, 4, 4, 16, 16),
            new Range(1, 4, 4, 19, 19),
            new Range(2, 51, 55, 16, 16),          // Mastercard
            new Range(4, 2221, 2720, 16, 16),      // Mastercard 2-series
            new Range(2, 34, 34, 15, 15),          // American Express
            new Range(2, 37, 37, 15, 15),
            new Range(4, 6011, 6011, 16, 19),      // Discover
            new Range(3, 644, 649, 16, 19),
            new Range(2, 65, 65, 16, 19),
            new Range(3, 300, 305, 14, 19),        // Diners Club (14-digit cards still circulate)
            new Range(3, 309, 309, 14, 19),
            new Range(2, 36, 36, 14, 19),
            new Range(2, 38, 39, 14, 19),
            new Range(2, 35, 35, 16, 19),          // JCB (3528-3589 assigned; test generators use all of 35)
            new Range(4, 1800, 1800, 15, 15),      // JCB's older 15-digit ranges
            new Range(4, 2131, 2131, 15, 15),
            new Range(1, 1, 1, 15, 15),            // UATP airline cards
            new Range(2, 62, 62, 16, 19),          // UnionPay
            new Range(2, 81, 81, 16, 19),
            new Range(4, 2200, 2204, 16, 19),      // Mir
            new Range(2, 50, 50, 12, 19),          // Maestro: 12 to 19 digits
            new Range(2, 56, 58, 12, 19),
            new Range(2, 67, 67, 12, 19),
            new Range(4, 6304, 6304, 12, 19),
            new Range(4, 6390, 6390, 12, 19),
            new Range(4, 604, 604, 12, 19));       // "0604", a Maestro range test data uses (leading zero)

    /** Whether a PAN whose first six digits are {@code iin6} and whose length is {@code length} is plausible. */
    boolean known(int iin6, int length) {
        for (Range r : ranges) {
            int prefix = iin6 / POW10[6 - r.digits];
            if (prefix >= r.low && prefix <= r.high && length >= r.minLength && length <= r.maxLength) {
                return true;
            }
        }
        return false;
    }

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
}
