package dev.modelgate.relay.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their body slowly, against the relay on a real Open Liberty: while many of them dawdle, other
 * clients' calls are answered, and each slow one gets OpenAI's error shape with status 408 and a request id once
 * the test server's body deadline (modelgate.body.timeout.ms, 7 s) has passed, however it trickles its bytes.
 */
class SlowBodyIT {

    /** More than a fresh Liberty's executor has threads: blocking reads of these bodies would stall everyone else. */
    private static final int SLOW_CLIENTS = 80;
    private static final String BODY = "{\"model\":\"solo\",\"messages\":[{\"role\":\"user\",\"content\":\"slow\"}]}";

    @BeforeAll
    static void provider() {
        SharedSimulator.get(); // the test policy's provider, which the normal calls reach
    }

    @Test
    void slowBodiesHoldNoThreadAndAreAnswered408() throws Exception {
        // One call first, so the relay's first-call work (policy, tokenizer, ledger) is not what is timed below. The JDK
        // client's default asks for an h2c upgrade, whose body Liberty cannot read asynchronously: it is read blocking.
        assertThat(HttpClient.newHttpClient().send(chat(Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                slow.add(startSlowRequest());
            }
            Socket trickling = startSlowRequest();
            slow.add(trickling);
            Thread trickle = new Thread(() -> trickle(trickling));
            trickle.setDaemon(true);
            trickle.start();

            // Meanwhile others are served: each within the client's timeout, which is shorter than the body deadline.
            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                others.add(http.sendAsync(chat(Duration.ofSeconds(4)), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> other : others) {
                assertThat(other.get().statusCode()).isEqualTo(200);
            }
            assertThat(slow.get(0).getInputStream().available()).as("the slow ones are still waiting").isZero();

            for (Socket socket : List.of(slow.get(0), slow.get(SLOW_CLIENTS - 1), trickling)) {
                String answer = readAnswer(socket);
                assertThat(answer).startsWith("HTTP/1.1 408");
                assertThat(answer.toLowerCase()).contains("\nx-request-id: gen-");
                assertThat(answer).contains("\"type\":\"invalid_request_error\"").contains("\"code\":\"request_timeout\"");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static HttpRequest chat(Duration timeout) {
        return HttpRequest.newBuilder(URI.create(RelayIT.BASE + "/chat/completions")).timeout(timeout)
                .header("Authorization", "Bearer " + RelayIT.KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    }

    /** Sends the headers and the body's first bytes, then nothing more. */
    private static Socket startSlowRequest() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), RelayIT.PORT);
        socket.setSoTimeout(20_000);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + RelayIT.KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 10);
        out.flush();
        return socket;
    }

    /** One more byte every half second: each read is quick, the body never completes within the deadline. */
    private static void trickle(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 10; i < BODY.length() - 1 && !socket.isClosed(); i++) {
                Thread.sleep(500);
                out.write(BODY.charAt(i));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the relay closed the connection after its 408: what the test expects
        }
    }

    private static String readAnswer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int n;
        while (!answer.toString(StandardCharsets.UTF_8).contains("request_timeout") && (n = in.read(buffer)) != -1) {
            answer.write(buffer, 0, n);
        }
        return answer.toString(StandardCharsets.UTF_8);
    }
}
