package dev.modelgate.policy.request;

/**
 * An image input.
 *
 * @param pointer JSON Pointer of the {@code image_url} object
 * @param detail  {@code low}, {@code high} or {@code auto}
 * @param width   pixels, 0 when unknown (remote URL or unreadable header)
 * @param height  pixels, 0 when unknown
 */
public record ImagePart(String pointer, String detail, int width, int height) {
}
