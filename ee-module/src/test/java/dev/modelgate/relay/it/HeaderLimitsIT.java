package dev.modelgate.relay.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Oversized and malformed headers against the relay on a real Open Liberty, sent over a plain socket so that
 * nothing on the client side trims them: the answer is the endpoint's own error shape with a request id, never
 * Liberty's bare 400 page, and the relay keeps serving (a normal request right after, on a new connection and on
 * the same one, succeeds).
 */
class HeaderLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PORT = Integer.getInteger("modelgate.it.port", 19080);
    private static final String KEY = System.getProperty("modelgate.it.key", "sk-modelgate-it-demo-key");
    private static final String CHAT = "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"headers\"}]}";

    @BeforeAll
    static void provider() {
        SharedSimulator.get();
    }

    /** One HTTP/1.1 exchange as raw text. */
    record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    @Test
    void sixtyFourKilobyteAndOneMegabyteHeadersGetOpenAisErrorAndTheRelayKeepsServing() throws Exception {
        for (int size : new int[]{64 * 1024, 1024 * 1024}) {
            try (Socket socket = connect()) {
                Answer refused = exchange(socket, "/v1/chat/completions", "X-Filler: sk-secret-" + "a".repeat(size) + "\r\n", CHAT);
                assertThat(refused.status()).as(refused.head() + refused.body()).isEqualTo(431);
                assertThat(refused.header("content-type")).startsWith("application/json");
                assertThat(refused.header("x-request-id")).startsWith("gen-");
                JsonNode error = refused.json().path("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error.path("code").asText()).isEqualTo("request_header_fields_too_large");
                assertThat(refused.body()).doesNotContain("sk-secret");

                Answer next = exchange(socket, "/v1/chat/completions", "", CHAT);
                assertThat(next.status()).as("the same connection serves the next request: " + next.body()).isEqualTo(200);
            }
            try (Socket fresh = connect()) {
                assertThat(exchange(fresh, "/v1/chat/completions", "", CHAT).status()).isEqualTo(200);
            }
        }
    }

    @Test
    void theMessagesEndpointAnswersInAnthropicsShape() throws Exception {
        try (Socket socket = connect()) {
            Answer refused = exchange(socket, "/v1/messages", "X-Filler: " + "a".repeat(64 * 1024) + "\r\n",
                    "{\"model\":\"solo\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(refused.status()).isEqualTo(431);
            JsonNode body = refused.json();
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(body.path("request_id").asText()).isEqualTo(refused.header("x-request-id")).startsWith("gen-");
        }
    }

    @Test
    void tooManyHeadersAndTooMuchInAllAre431Too() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            many.append("X-H").append(i).append(": v\r\n");
        }
        try (Socket socket = connect()) {
            Answer count = exchange(socket, "/v1/chat/completions", many.toString(), CHAT);
            assertThat(count.status()).isEqualTo(431);
            assertThat(count.json().path("error").path("message").asText()).contains("more than 100 headers");
        }
        StringBuilder total = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            total.append("X-Part").append(i).append(": ").append("b".repeat(10_000)).append("\r\n");
        }
        try (Socket socket = connect()) {
            Answer sum = exchange(socket, "/v1/chat/completions", total.toString(), CHAT);
            assertThat(sum.status()).isEqualTo(431);
            assertThat(sum.json().path("error").path("message").asText()).contains("together");
        }
    }

    /**
     * The edges of Liberty's own limits (server.xml): it has none on all headers together, so the filter answers
     * 8 headers of 1 MiB; one field over limitFieldSize (1088 KiB) gets Liberty's bare 400, which no filter sees.
     */
    @Test
    void pastLibertysOwnFieldLimitItIsLibertysBare400() throws Exception {
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            huge.append("X-Big").append(i).append(": ").append("c".repeat(1024 * 1024)).append("\r\n");
        }
        try (Socket socket = connect()) {
            Answer eight = exchange(socket, "/v1/chat/completions", huge.toString(), CHAT);
            assertThat(eight.status()).isEqualTo(431);
            assertThat(eight.json().path("error").path("code").asText()).isEqualTo("request_header_fields_too_large");
        }
        try (Socket socket = connect()) {
            Answer beyond = exchange(socket, "/v1/chat/completions", "X-Filler: " + "d".repeat(2 * 1024 * 1024) + "\r\n", CHAT);
            assertThat(beyond.status()).isEqualTo(400);
            assertThat(beyond.body()).isEmpty();
        }
        try (Socket fresh = connect()) {
            assertThat(exchange(fresh, "/v1/chat/completions", "", CHAT).status()).isEqualTo(200);
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static Answer exchange(Socket socket, String path, String extraHeaders, String body) throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n" + extraHeaders + "\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
        return read(socket.getInputStream());
    }

    /** Reads one answer: its head, then Content-Length bytes or chunks. */
    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the relay closed the connection after: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        Answer shell = new Answer(status, text, "");
        String length = shell.header("content-length");
        byte[] body;
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(shell.header("transfer-encoding"))) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    line(in);
                    break;
                }
                chunks.write(in.readNBytes(n));
                line(in);
            }
            body = chunks.toByteArray();
        } else {
            body = in.readAllBytes();
        }
        return new Answer(status, text, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
