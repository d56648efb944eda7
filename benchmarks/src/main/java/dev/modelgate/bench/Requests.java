package dev.modelgate.bench;

import java.nio.charset.StandardCharsets;

/** Realistic chat request bodies for the benchmarks: plain English, no PII unless asked for. */
final class Requests {

    private static final String SYSTEM = "You are a helpful assistant for the search team at a large retailer. "
            + "Answer concisely, cite the product catalogue when you can, and never invent prices or stock levels. "
            + "If a question is outside retail search, say so politely and suggest where the user could ask instead.";
    private static final String TURN = "Customers searching for waterproof hiking boots often also look at gaiters, "
            + "merino socks and trekking poles. Could you suggest how we should rank these related items on the results "
            + "page so that the boots stay on top while the accessories still get enough visibility during the autumn sale? ";

    private Requests() {
    }

    /** About {@code kb} kilobytes: a system prompt, a few turns, and a last user message that grows to the size. */
    static byte[] chat(int kb, String lastMessageExtra) {
        StringBuilder last = new StringBuilder();
        while (last.length() < kb * 1024 - 1100) {
            last.append(TURN);
        }
        last.append(lastMessageExtra);
        String body = "{\"model\":\"chat-fast\",\"temperature\":0.3,\"max_tokens\":256,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"" + SYSTEM + "\"},"
                + "{\"role\":\"user\",\"content\":\"What goes well with hiking boots?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Gaiters, merino socks and trekking poles are the usual companions.\"},"
                + "{\"role\":\"user\",\"content\":\"" + last + "\"}]}";
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
