package dev.modelgate.relay.providers.gemini;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.relay.providers.TranslationException;

import java.util.Locale;
import java.util.Map;

/** Media given by URL: data URLs travel inline, web URLs by reference. */
final class GeminiMedia {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> TYPES_BY_EXTENSION = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif",
            "webp", "image/webp", "heic", "image/heic", "heif", "image/heif", "pdf", "application/pdf");

    private GeminiMedia() {
    }

    static ObjectNode fromUrl(String url) throws TranslationException {
        if (url.startsWith("data:")) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(5, comma);
            if (!header.endsWith(";base64")) {
                throw new TranslationException("Only base64 data URLs can be sent to Gemini.");
            }
            return inline(header.substring(0, header.length() - ";base64".length()), url.substring(comma + 1));
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            ObjectNode part = JSON.createObjectNode();
            ObjectNode fileData = part.putObject("fileData");
            fileData.put("mimeType", guessType(url));
            fileData.put("fileUri", url);
            return part;
        }
        throw new TranslationException("Media must be given as a data URL or an http(s) URL.");
    }

    static ObjectNode inline(String mimeType, String base64) {
        ObjectNode part = JSON.createObjectNode();
        ObjectNode inlineData = part.putObject("inlineData");
        inlineData.put("mimeType", mimeType);
        inlineData.put("data", base64);
        return part;
    }

    /** Gemini needs a MIME type for a URL; the path's extension is the only hint without fetching it. */
    static String guessType(String url) {
        String path = url.replaceFirst("[?#].*$", "");
        int dot = path.lastIndexOf('.');
        String extension = dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES_BY_EXTENSION.getOrDefault(extension, "image/jpeg");
    }
}
