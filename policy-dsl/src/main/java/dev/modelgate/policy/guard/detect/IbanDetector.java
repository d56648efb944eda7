package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds IBANs: country code, two check digits and a BBAN of the country's fixed length, written
 * either contiguously or in the printed form with single spaces every four characters, and passing
 * the ISO 7064 mod-97 check. Only upper-case letters are accepted, as ISO 13616 prescribes; this
 * keeps ordinary words out of the candidate set.
 */
final class IbanDetector extends ScanningDetector {

    static final String KIND = "IBAN";

    /** Total IBAN lengths by country (SWIFT IBAN registry), indexed by the two letters. */
    private final byte[] lengthByCountry = new byte[26 * 26];

    IbanDetector() {
        super(KIND);
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 CH21 CR22 CY28 CZ24 DE22 DK18 "
                + "DO28 EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 "
                + "IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 "
                + "MR27 MT31 MU30 NL18 NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SE24 SI19 SK24 "
                + "SM27 TN24 TR26 UA29 VA22 VG24 XK20";
        for (String entry : table.split(" ")) {
            lengthByCountry[index(entry.charAt(0), entry.charAt(1))] = Byte.parseByte(entry.substring(2));
        }
    }

    private static int index(char a, char b) {
        return (a - 'A') * 26 + (b - 'A');
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        for (int i = 0; i + 15 <= n; i++) {
            char a = text.charAt(i);
            if (!Chars.isUpper(a) || !Chars.isUpper(text.charAt(i + 1))
                    || !Chars.isDigit(text.charAt(i + 2)) || !Chars.isDigit(text.charAt(i + 3))
                    || Chars.isWord(Chars.at(text, i - 1))) {
                continue;
            }
            int length = lengthByCountry[index(a, text.charAt(i + 1))];
            if (length == 0) {
                continue;
            }
            int end = spanEnd(text, i, length);
            if (end < 0 || !mod97(text, i, end)) {
                continue;
            }
            found = true;
            if (emit(out, i, end, KIND)) {
                return true;
            }
            i = end - 1;
        }
        return found;
    }

    /**
     * End of exactly {@code length} IBAN characters from {@code start}, allowing a single space after
     * every fourth one, or -1 if the text does not have that shape or runs on.
     */
    private static int spanEnd(CharSequence text, int start, int length) {
        int n = text.length();
        int count = 0;
        int i = start;
        while (count < length) {
            if (i >= n) {
                return -1;
            }
            char c = text.charAt(i);
            if (Chars.isUpper(c) || Chars.isDigit(c)) {
                count++;
                i++;
            } else if (c == ' ' && count % 4 == 0 && text.charAt(i - 1) != ' ') {
                i++; // printed form: one space between groups of four
            } else {
                return -1;
            }
        }
        // A longer alphanumeric run (or a further 4-group) means this is not one IBAN of this country.
        char next = Chars.at(text, i);
        if (Chars.isWord(next)) {
            return -1;
        }
        return i;
    }

    /** ISO 7064 mod 97-10: move the first four chars to the end, letters as 10..35, remainder 1. */
    private static boolean mod97(CharSequence text, int start, int end) {
        int rem = 0;
        int bbanStart = start + 4;
        rem = mod97(text, bbanStart, end, rem);
        rem = mod97(text, start, start + 4, rem);
        return rem == 1;
    }

    private static int mod97(CharSequence text, int from, int to, int rem) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (Chars.isDigit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else if (Chars.isUpper(c)) {
                rem = (rem * 100 + (c - 'A' + 10)) % 97;
            }
        }
        return rem;
    }
}
