package dev.modelgate.policy.request;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Just enough multipart/form-data (RFC 7578) to read the text fields of an audio transcription upload.
 * File parts are located but never decoded: they are binary audio.
 */
final class MultipartForm {

    /** A text field and where its value sits in the body, so a redaction can splice it in place. */
    record Field(String value, int start, int end) {
    }

    private final Map<String, Field> fields;
    private final Set<String> files;

    private MultipartForm(Map<String, Field> fields, Set<String> files) {
        this.fields = fields;
        this.files = files;
    }

    Field field(String name) {
        return fields.get(name);
    }

    boolean hasFile(String name) {
        return files.contains(name);
    }

    /** Names of all parts, text and file, in body order. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>(fields.keySet());
        names.addAll(files);
        return names;
    }

    static MultipartForm parse(String contentType, byte[] body, int maxFieldChars) throws RequestException {
        byte[] delimiter = ("--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Field> fields = new LinkedHashMap<>();
        Set<String> files = new LinkedHashSet<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            throw malformed("the boundary from Content-Type never occurs in the body");
        }
        while (true) {
            pos += delimiter.length;
            if (startsWith(body, pos, "--")) {
                break; // closing delimiter
            }
            if (!startsWith(body, pos, "\r\n")) {
                throw malformed("a boundary line is not followed by CRLF");
            }
            int headersStart = pos + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw malformed("a part has no blank line after its headers");
            }
            int contentStart = headersEnd + 4;
            int next = indexOf(body, delimiter, contentStart);
            if (next < 2 || body[next - 2] != '\r' || body[next - 1] != '\n') {
                throw malformed("a part is not terminated by the boundary (is the closing --boundary-- missing?)");
            }
            int contentEnd = next - 2;
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String name = dispositionParam(headers, "name");
            if (name == null) {
                throw malformed("a part has no Content-Disposition name");
            }
            if (fields.containsKey(name) || files.contains(name)) {
                throw RequestException.badRequest("duplicate_key", name, "The form field '" + name
                        + "' is sent more than once. Send each field once.");
            }
            if (dispositionParam(headers, "filename") != null) {
                files.add(name);
            } else {
                String value = utf8(body, contentStart, contentEnd, name);
                if (value.length() > maxFieldChars) {
                    throw RequestException.tooLarge(name, "The form field '" + name + "' is longer than "
                            + maxFieldChars + " characters.");
                }
                fields.put(name, new Field(value, contentStart, contentEnd));
            }
            pos = next;
        }
        return new MultipartForm(fields, files);
    }

    private static String boundary(String contentType) throws RequestException {
        String lower = contentType.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("boundary=");
        if (at < 0) {
            throw malformed("Content-Type has no boundary parameter");
        }
        int start = at + "boundary=".length();
        int end;
        if (start < contentType.length() && contentType.charAt(start) == '"') {
            start++;
            end = contentType.indexOf('"', start);
        } else {
            end = contentType.indexOf(';', start);
            if (end < 0) {
                end = contentType.length();
            }
        }
        String boundary = end < 0 ? "" : contentType.substring(start, end).trim();
        if (boundary.isEmpty() || boundary.length() > 70) {
            throw malformed("the boundary parameter is empty or longer than 70 characters");
        }
        return boundary;
    }

    /** Reads {@code name="..."} from the Content-Disposition header; null when absent. */
    private static String dispositionParam(String headers, String param) {
        String lower = headers.toLowerCase(Locale.ROOT);
        int header = lower.indexOf("content-disposition:");
        if (header < 0) {
            return null;
        }
        int lineEnd = lower.indexOf("\r\n", header);
        if (lineEnd < 0) {
            lineEnd = lower.length();
        }
        String key = param + "=";
        int from = header;
        while (true) {
            int at = lower.indexOf(key, from);
            if (at < 0 || at >= lineEnd) {
                return null;
            }
            char before = lower.charAt(at - 1);
            from = at + key.length();
            if (before != ';' && before != ' ' && before != '\t') {
                continue; // "filename=" must not match when looking for "name="
            }
            if (from < lineEnd && headers.charAt(from) == '"') {
                int close = headers.indexOf('"', from + 1);
                return close < 0 || close > lineEnd ? null : headers.substring(from + 1, close);
            }
            int end = headers.indexOf(';', from);
            return headers.substring(from, end < 0 || end > lineEnd ? lineEnd : end).trim();
        }
    }

    private static String utf8(byte[] body, int start, int end, String name) throws RequestException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, end - start));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw RequestException.badRequest("invalid_encoding", name, "The form field '" + name
                    + "' is not valid UTF-8.");
        }
    }

    private static RequestException malformed(String why) {
        return RequestException.badRequest("invalid_multipart", null, "The multipart/form-data body is malformed: "
                + why + ".");
    }

    private static boolean startsWith(byte[] body, int pos, String ascii) {
        if (pos + ascii.length() > body.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (body[pos + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
