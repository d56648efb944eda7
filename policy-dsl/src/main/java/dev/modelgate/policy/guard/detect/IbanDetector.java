package dev.modelgate.policy.guard.detect;

import java.util.List;

/**
 * Finds IBANs: country code, two check digits and a BBAN of the country's fixed length, written
 * either contiguously or in groups of four separated by single spaces or dashes, and passing the
 * ISO 7064 mod-97 check. ISO 13616 prescribes upper case, but people paste lower case, so any case
 * is accepted: the country's exact length together with mod 97 (one random string in 97 passes)
 * keeps ordinary words out.
 *
 * <p>No IBAN library is used: the ones on Maven Central validate a string already cut out, and
 * cutting it out of free text (the grouping, the run-on check) is the part that matters here.
 */
final class IbanDetector extends ScanningDetector {

    static final String KIND = "IBAN";

    /** Total IBAN lengths by country (SWIFT IBAN registry), indexed by the two letters. */
    private final byte[] lengthByCountry = new byte[26 * 26];

    IbanDetector() {
        super(KIND);
        // every country of the SWIFT IBAN registry (release 98, 2025)
        String table = "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 "
                + "DE22 DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 "
                + "GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 "
                + "LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 "
                + "PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 "
                + "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30";
        for (String entry : table.split(" ")) {
            lengthByCountry[index(entry.charAt(0), entry.charAt(1))] = Byte.parseByte(entry.substring(2));
        }
    }

    private static char upper(char c) {
        return (c >= 'a' && c <= 'z') ? (char) (c - 32) : c;
    }

    private static int index(char a, char b) {
        return (a - 'A') * 26 + (b - 'A');
    }

    @Override
    boolean scan(CharSequence text, List<Match> out) {
        boolean found = false;
        int n = text.length();
        for (int i = 0; i + 15 <= n; i++) {
            char a = upper(text.charAt(i));
            char b = upper(text.charAt(i + 1));
            if (!Chars.isUpper(a) || !Chars.isUpper(b)
                    || !Chars.isDigit(text.charAt(i + 2)) || !Chars.isDigit(text.charAt(i + 3))
                    || Chars.isWord(Chars.at(text, i - 1))) {
                continue;
            }
            int length = lengthByCountry[index(a, b)];
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
     * End of exactly {@code length} IBAN characters from {@code start}, allowing one separator (a
     * space, or a dash, the same throughout) after every fourth one, or -1 if the text does not have
     * that shape or runs on.
     */
    private static int spanEnd(CharSequence text, int start, int length) {
        int n = text.length();
        int count = 0;
        int i = start;
        char separator = 0;
        while (count < length) {
            if (i >= n) {
                return -1;
            }
            char c = text.charAt(i);
            if (Chars.isAlnum(c)) {
                count++;
                i++;
            } else if ((c == ' ' || c == '-') && (separator == 0 || c == separator) && count % 4 == 0
                    && Chars.isAlnum(text.charAt(i - 1))) {
                separator = c; // printed form: one separator between groups of four
                i++;
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
            } else if (Chars.isLetter(c)) {
                rem = (rem * 100 + (upper(c) - 'A' + 10)) % 97;
            }
        }
        return rem;
    }
}
