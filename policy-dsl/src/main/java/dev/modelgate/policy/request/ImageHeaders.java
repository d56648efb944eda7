package dev.modelgate.policy.request;

/**
 * Reads pixel dimensions from the header of a base64 {@code data:} URL image (PNG, GIF, WebP, JPEG) without
 * decoding the whole payload: the image token cost depends on the size, but images can be megabytes.
 */
final class ImageHeaders {

    /** Enough for PNG's IHDR, GIF's screen descriptor and every WebP variant. */
    private static final int SMALL_HEADER_BYTES = 30;
    /** JPEG puts its size in the SOF segment, after any EXIF/ICC data; give up after this much. */
    private static final int JPEG_SCAN_BYTES = 64 * 1024;

    private ImageHeaders() {
    }

    /**
     * Returns {@code width << 32 | height}, or 0 when the URL is not a base64 data URL or the header is not
     * recognised. Packed into a long so the common path allocates nothing but the small header buffer.
     */
    static long dimensionsOfDataUrl(String url) {
        if (!url.startsWith("data:")) {
            return 0;
        }
        int comma = url.indexOf(',');
        if (comma < 0 || !url.startsWith(";base64", comma - 7)) {
            return 0;
        }
        byte[] head = decodeBase64Prefix(url, comma + 1, SMALL_HEADER_BYTES);
        long size = png(head);
        if (size == 0) {
            size = gif(head);
        }
        if (size == 0) {
            size = webp(head);
        }
        if (size == 0 && head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
            size = jpeg(decodeBase64Prefix(url, comma + 1, JPEG_SCAN_BYTES));
        }
        return size;
    }

    private static long png(byte[] b) {
        if (b.length < 24 || (b[0] & 0xFF) != 0x89 || b[1] != 'P' || b[2] != 'N' || b[3] != 'G'
                || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            return 0;
        }
        return pack(be32(b, 16), be32(b, 20));
    }

    private static long gif(byte[] b) {
        if (b.length < 10 || b[0] != 'G' || b[1] != 'I' || b[2] != 'F' || b[3] != '8') {
            return 0;
        }
        return pack(u8(b, 6) | u8(b, 7) << 8, u8(b, 8) | u8(b, 9) << 8);
    }

    private static long webp(byte[] b) {
        if (b.length < 30 || b[0] != 'R' || b[1] != 'I' || b[2] != 'F' || b[3] != 'F'
                || b[8] != 'W' || b[9] != 'E' || b[10] != 'B' || b[11] != 'P' || b[12] != 'V' || b[13] != 'P'
                || b[14] != '8') {
            return 0;
        }
        return switch (b[15]) {
            case ' ' -> pack((u8(b, 26) | u8(b, 27) << 8) & 0x3FFF, (u8(b, 28) | u8(b, 29) << 8) & 0x3FFF);
            case 'L' -> pack(1 + (((u8(b, 22) & 0x3F) << 8) | u8(b, 21)),
                    1 + (((u8(b, 24) & 0x0F) << 10) | (u8(b, 23) << 2) | ((u8(b, 22) & 0xC0) >> 6)));
            case 'X' -> pack(1 + (u8(b, 24) | u8(b, 25) << 8 | u8(b, 26) << 16),
                    1 + (u8(b, 27) | u8(b, 28) << 8 | u8(b, 29) << 16));
            default -> 0;
        };
    }

    private static long jpeg(byte[] b) {
        int pos = 2;
        while (pos + 9 < b.length) {
            if (u8(b, pos) != 0xFF) {
                return 0;
            }
            int marker = u8(b, pos + 1);
            if (marker == 0xFF) {
                pos++; // fill byte
                continue;
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD9)) {
                pos += 2; // standalone markers carry no length
                continue;
            }
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                int height = u8(b, pos + 5) << 8 | u8(b, pos + 6);
                int width = u8(b, pos + 7) << 8 | u8(b, pos + 8);
                return pack(width, height);
            }
            pos += 2 + (u8(b, pos + 2) << 8 | u8(b, pos + 3));
        }
        return 0;
    }

    private static long pack(long width, long height) {
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return 0;
        }
        return width << 32 | height;
    }

    private static long be32(byte[] b, int i) {
        return (long) u8(b, i) << 24 | u8(b, i + 1) << 16 | u8(b, i + 2) << 8 | u8(b, i + 3);
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    /** Decodes up to {@code maxBytes} from standard base64 starting at {@code from}; stops at padding or junk. */
    static byte[] decodeBase64Prefix(String s, int from, int maxBytes) {
        int available = (s.length() - from) / 4 * 3 + 3;
        byte[] out = new byte[Math.max(0, Math.min(maxBytes, available))];
        int n = 0;
        int bits = 0;
        int buffer = 0;
        for (int i = from; i < s.length() && n < out.length; i++) {
            int v = sextet(s.charAt(i));
            if (v < 0) {
                break;
            }
            buffer = buffer << 6 | v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }
}
