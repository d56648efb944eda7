package dev.modelgate.policy.request;

import java.util.Map;

/**
 * Ceilings on a request's headers, applied alike by the relay and both gateway hosts so that an oversized or
 * malformed header gets the same answer everywhere: 431 {@code request_header_fields_too_large} or 400
 * {@code invalid_header}, in OpenAI's error shape. Messages name the header (cut short) but never echo a
 * value: headers carry credentials.
 *
 * @param maxFieldBytes one header's name and value together, in UTF-8 bytes
 * @param maxTotalBytes all headers together
 * @param maxCount      number of header fields
 */
public record HeaderLimits(int maxFieldBytes, int maxTotalBytes, int maxCount) {

    private static final int MAX_NAME_SHOWN = 64;

    public HeaderLimits {
        if (maxFieldBytes <= 0 || maxTotalBytes < maxFieldBytes || maxCount <= 0) {
            throw new IllegalArgumentException("header limits must be positive and the total at least one field: "
                    + maxFieldBytes + ", " + maxTotalBytes + ", " + maxCount);
        }
    }

    /**
     * 16 KiB a header and 32 KiB in all hold any real token or cookie (OpenAI SDKs send well under 2 KiB), and are
     * no more than nginx's {@code large_client_header_buffers} lets through on the gateways anyway.
     */
    public static HeaderLimits defaults() {
        return new HeaderLimits(16 * 1024, 32 * 1024, 100);
    }

    /**
     * Checks headers one at a time as a host reads them, so a request with thousands of headers is refused
     * without collecting them first.
     */
    public Check start() {
        return new Check(this);
    }

    /** Checks a whole header map (repeated headers already joined, as the gateway hosts hand them over). */
    public void check(Map<String, String> headers) throws RequestException {
        Check check = start();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            check.add(header.getKey(), header.getValue());
        }
    }

    /** The running count of one request's headers. */
    public static final class Check {
        private final HeaderLimits limits;
        private int count;
        private long total;

        private Check(HeaderLimits limits) {
            this.limits = limits;
        }

        public void add(String name, String value) throws RequestException {
            if (name == null || name.isEmpty() || !token(name)) {
                throw new RequestException(400, "invalid_header", null, "A request header has an invalid name.");
            }
            String v = value == null ? "" : value;
            if (!fieldValue(v)) {
                throw new RequestException(400, "invalid_header", null,
                        "The request header '" + shown(name) + "' has a control character in its value.");
            }
            long bytes = utf8Length(name) + utf8Length(v);
            count++;
            total += bytes;
            if (bytes > limits.maxFieldBytes) {
                throw tooLarge("The request header '" + shown(name) + "' is " + bytes + " bytes; at most "
                        + limits.maxFieldBytes + " are accepted per header.");
            }
            if (total > limits.maxTotalBytes) {
                throw tooLarge("The request headers are over " + limits.maxTotalBytes + " bytes together.");
            }
            if (count > limits.maxCount) {
                throw tooLarge("The request has more than " + limits.maxCount + " headers.");
            }
        }
    }

    private static RequestException tooLarge(String message) {
        return new RequestException(431, "request_header_fields_too_large", null, message);
    }

    /** RFC 9110 token characters: what a header name may hold. */
    private static boolean token(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** No control characters but horizontal tab (CR, LF and NUL are how header injection starts). */
    private static boolean fieldValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String shown(String name) {
        return name.length() > MAX_NAME_SHOWN ? name.substring(0, MAX_NAME_SHOWN) + "..." : name;
    }

    private static long utf8Length(String s) {
        // Gateways and servlet containers hand values over as ISO-8859-1 or UTF-8 text; counting UTF-8 bytes is
        // never less than what arrived on the wire for either.
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair is 4
        }
        return bytes;
    }
}
