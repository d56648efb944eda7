package dev.modelgate.policy.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageHeadersTest {

    static String encoded(String format, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertThat(ImageIO.write(image, format, out)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String pngDataUrl(int width, int height) {
        return "data:image/png;base64," + encoded("png", width, height);
    }

    private static int[] size(String url) {
        long packed = ImageHeaders.dimensionsOfDataUrl(url);
        return new int[] {(int) (packed >>> 32), (int) packed};
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpeg", "gif"})
    void realImagesFromImageIo(String format) {
        assertThat(size("data:image/" + format + ";base64," + encoded(format, 1234, 567))).containsExactly(1234, 567);
    }

    @Test
    void jpegWithExifBeforeTheFrameHeader() {
        byte[] jpeg = Base64.getDecoder().decode(encoded("jpeg", 300, 200));
        byte[] app1 = new byte[4 + 5000];
        app1[0] = (byte) 0xFF;
        app1[1] = (byte) 0xE1;
        app1[2] = (byte) ((5000 + 2) >> 8);
        app1[3] = (byte) (5000 + 2);
        byte[] withExif = new byte[jpeg.length + app1.length];
        System.arraycopy(jpeg, 0, withExif, 0, 2);
        System.arraycopy(app1, 0, withExif, 2, app1.length);
        System.arraycopy(jpeg, 2, withExif, 2 + app1.length, jpeg.length - 2);
        assertThat(size("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(withExif)))
                .containsExactly(300, 200);
    }

    private static String webp(String chunk, byte... payload) {
        byte[] b = new byte[30];
        System.arraycopy("RIFF".getBytes(), 0, b, 0, 4);
        System.arraycopy("WEBP".getBytes(), 0, b, 8, 4);
        System.arraycopy(chunk.getBytes(), 0, b, 12, 4);
        for (int i = 0; i < payload.length; i += 2) {
            b[payload[i]] = payload[i + 1];
        }
        return "data:image/webp;base64," + Base64.getEncoder().encodeToString(b);
    }

    @Test
    void webpVariants() {
        // VP8X: 24-bit (width-1), (height-1): 800x600
        assertThat(size(webp("VP8X", (byte) 24, (byte) 0x1F, (byte) 25, (byte) 0x03, (byte) 27, (byte) 0x57,
                (byte) 28, (byte) 0x02))).containsExactly(800, 600);
        // VP8 (lossy): 14-bit width/height at 26 and 28: 320x240
        assertThat(size(webp("VP8 ", (byte) 26, (byte) 0x40, (byte) 27, (byte) 0x01, (byte) 28, (byte) 0xF0,
                (byte) 29, (byte) 0x00))).containsExactly(320, 240);
        // VP8L (lossless): 14-bit (w-1) and (h-1) packed from byte 21: 100x50
        int w = 99;
        int h = 49;
        assertThat(size(webp("VP8L", (byte) 20, (byte) 0x2F, (byte) 21, (byte) (w & 0xFF),
                (byte) 22, (byte) (((w >> 8) & 0x3F) | ((h & 0x3) << 6)), (byte) 23, (byte) ((h >> 2) & 0xFF),
                (byte) 24, (byte) ((h >> 10) & 0xF)))).containsExactly(100, 50);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/a.png", "data:image/png,rawbytes", "data:image/png;base64,",
            "data:image/png;base64,!!!!", "data:image/png;base64,AAAAAAAAAAAAAAAAAAAA", "data:", "data:image/png;base64"})
    void unknownIsZero(String url) {
        assertThat(size(url)).containsExactly(0, 0);
    }

    @Test
    void truncatedPngHeaderIsZeroNotAnException() {
        String full = encoded("png", 10, 10);
        assertThat(size("data:image/png;base64," + full.substring(0, 12))).containsExactly(0, 0);
    }
}
