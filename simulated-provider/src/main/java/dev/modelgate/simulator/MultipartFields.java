package dev.modelgate.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text fields of a multipart/form-data upload as a JSON object, with each file part's size as
 * {@code <name>_bytes}: enough for the simulator to answer a transcription and for faults to match its
 * model. Returns null when the body is not a well-formed form.
 */
final class MultipartFields {

    private MultipartFields() {
    }

    static ObjectNode read(ObjectMapper json, String contentType, byte[] body) {
        String boundary = boundary(contentType);
        if (boundary == null) {
            return null;
        }
        // ISO-8859-1 maps each byte to one char, so offsets in the string are offsets in the body.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        ObjectNode out = json.createObjectNode();
        int at = text.indexOf(delimiter);
        if (at < 0) {
            return null;
        }
        while (true) {
            int partStart = at + delimiter.length();
            if (text.startsWith("--", partStart)) {
                return out; // closing delimiter
            }
            int headersEnd = text.indexOf("\r\n\r\n", partStart);
            int next = text.indexOf("\r\n" + delimiter, headersEnd < 0 ? partStart : headersEnd);
            if (headersEnd < 0 || next < 0) {
                return null;
            }
            String headers = text.substring(partStart, headersEnd);
            String name = attribute(headers, "name");
            if (name == null) {
                return null;
            }
            int contentStart = headersEnd + 4;
            if (attribute(headers, "filename") != null) {
                out.put(name + "_bytes", next - contentStart);
            } else {
                out.put(name, new String(body, contentStart, next - contentStart, StandardCharsets.UTF_8));
            }
            at = next + 2;
        }
    }

    private static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        String value = attribute(contentType, "boundary");
        return value == null || value.isEmpty() ? null : value;
    }

    private static String attribute(String headers, String attribute) {
        String lower = headers.toLowerCase(Locale.ROOT);
        int i = lower.indexOf(attribute + "=");
        while (i > 0 && Character.isLetterOrDigit(lower.charAt(i - 1))) { // "filename=" is not "name="
            i = lower.indexOf(attribute + "=", i + 1);
        }
        if (i < 0) {
            return null;
        }
        int start = i + attribute.length() + 1;
        if (start < headers.length() && headers.charAt(start) == '"') {
            int end = headers.indexOf('"', start + 1);
            return end < 0 ? null : headers.substring(start + 1, end);
        }
        int end = start;
        while (end < headers.length() && headers.charAt(end) != ';' && headers.charAt(end) != '\r' && headers.charAt(end) != '\n') {
            end++;
        }
        return headers.substring(start, end).trim();
    }
}
