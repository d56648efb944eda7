package dev.modelgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Coding-agent chat requests: a long system prompt, tool definitions, then turns of user questions,
 * assistant tool calls and tool results (source code, JSON, build logs, prose), as an agent sends each
 * turn with the whole conversation. Deterministic (fixed seed); no PII or secrets, so the enterprise
 * policy admits them unredacted.
 *
 * <p>Every message text starts with a ten-digit counter ({@link #MARK}); the benchmark rewrites the digits
 * in place to make a message new without changing the body's size or shape.
 */
final class AgentRequests {

    static final String MARK = "#0000000000 ";
    static final int DIGITS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] WORDS = ("the build fails because the parser reads a field that the schema "
            + "marks optional so we should check whether the value is present before we convert it and add a "
            + "test that covers the empty case as well as the nested one then run the suite again and compare "
            + "timings with the previous commit to see if the cache still helps").split(" ");
    private static final String[] IDENTS = {"request", "policy", "tokens", "parser", "budget", "limit", "route",
            "candidate", "decision", "count", "reader", "writer", "buffer", "offset", "length", "index"};

    private AgentRequests() {
    }

    /**
     * A request of about {@code kb} KB whose last message is a tool result of about {@code lastKb} KB.
     *
     * @return the body and the byte offsets of each message's counter digits, the last message's last
     */
    static Body agent(int kb, int lastKb) {
        Random random = new Random(kb * 31L + lastKb);
        ObjectNode root = JSON.createObjectNode();
        root.put("model", "chat-fast");
        root.put("max_tokens", 1024);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", MARK + prose(random, Math.min(1500, kb * 200)));
        ArrayNode tools = root.putArray("tools");
        for (String name : new String[] {"read_file", "run_tests", "search_code"}) {
            ObjectNode function = tools.addObject().put("type", "function").putObject("function");
            function.put("name", name).put("description", prose(random, 120));
            function.putObject("parameters").put("type", "object").putObject("properties")
                    .putObject("path").put("type", "string");
        }
        int target = kb * 1024 - lastKb * 1024;
        int call = 0;
        while (JSON.valueToTree(root).toString().length() < target) {
            messages.addObject().put("role", "user").put("content", MARK + prose(random, 300));
            ObjectNode assistant = messages.addObject().put("role", "assistant").put("content", MARK + prose(random, 150));
            String id = "call_" + call++;
            assistant.putArray("tool_calls").addObject().put("id", id).put("type", "function").putObject("function")
                    .put("name", "read_file").put("arguments", "{\"path\":\"src/main/java/Example" + call + ".java\"}");
            messages.addObject().put("role", "tool").put("tool_call_id", id)
                    .put("content", MARK + toolResult(random, call, 3000 + random.nextInt(6000)));
        }
        messages.addObject().put("role", "tool").put("tool_call_id", "call_last")
                .put("content", MARK + toolResult(random, call, Math.max(200, lastKb * 1024 - 40)));
        try {
            byte[] body = JSON.writeValueAsBytes(root);
            return new Body(body, counters(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offsets of the digits after each {@link #MARK}, in body order. */
    private static int[] counters(byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Integer> offsets = new ArrayList<>();
        for (int at = text.indexOf(MARK); at >= 0; at = text.indexOf(MARK, at + 1)) {
            offsets.add(at + 1);
        }
        return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Writes {@code n} into the counter at {@code offset}. */
    static void stamp(byte[] body, int offset, long n) {
        for (int i = DIGITS - 1; i >= 0; i--, n /= 10) {
            body[offset + i] = (byte) ('0' + n % 10);
        }
    }

    /** About {@code chars} characters of tool output of every kind in turn: code, logs, JSON, prose. */
    static String mixedText(long seed, int chars) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder(chars + 4096);
        for (int call = 0; out.length() < chars; call++) {
            out.append(call % 4 == 3 ? prose(random, 2000) : toolResult(random, call, 2000)).append('\n');
        }
        return out.substring(0, chars);
    }

    private static String toolResult(Random random, int call, int chars) {
        return switch (call % 3) {
            case 0 -> code(random, chars);
            case 1 -> log(random, chars);
            default -> json(random, chars);
        };
    }

    private static String prose(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 16);
        while (out.length() < chars) {
            out.append(WORDS[random.nextInt(WORDS.length)]);
            out.append(random.nextInt(12) == 0 ? ". " : " ");
        }
        return out.toString();
    }

    private static String code(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128);
        out.append("package dev.example;\n\nimport java.util.List;\n\n");
        while (out.length() < chars) {
            String a = IDENTS[random.nextInt(IDENTS.length)];
            String b = IDENTS[random.nextInt(IDENTS.length)];
            out.append("    /** Returns the ").append(a).append(" for the given ").append(b).append(". */\n")
                    .append("    public int ").append(a).append(Character.toUpperCase(b.charAt(0))).append(b, 1, b.length())
                    .append("(List<String> ").append(b).append("s, int ").append(a).append(") {\n")
                    .append("        if (").append(b).append("s.isEmpty()) {\n            return -1;\n        }\n")
                    .append("        return ").append(b).append("s.get(").append(a).append(" % ")
                    .append(random.nextInt(1000)).append(").length() + ").append(random.nextInt(100)).append(";\n    }\n\n");
        }
        return out.toString();
    }

    private static String log(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128);
        int second = random.nextInt(60);
        while (out.length() < chars) {
            out.append("2026-11-30T10:").append(10 + random.nextInt(50)).append(':').append(second = (second + 1) % 60)
                    .append('.').append(100 + random.nextInt(900)).append(random.nextInt(8) == 0 ? " WARN  " : " INFO  ")
                    .append("[worker-").append(random.nextInt(16)).append("] d.m.").append(IDENTS[random.nextInt(IDENTS.length)])
                    .append(" - ").append(prose(random, 40 + random.nextInt(60)).trim())
                    .append(" in ").append(random.nextInt(5000)).append(" ms\n");
        }
        return out.toString();
    }

    private static String json(Random random, int chars) {
        StringBuilder out = new StringBuilder(chars + 128);
        out.append("{\"results\":[");
        while (out.length() < chars) {
            out.append("{\"id\":").append(random.nextInt(1_000_000)).append(",\"name\":\"")
                    .append(IDENTS[random.nextInt(IDENTS.length)]).append('-').append(random.nextInt(100))
                    .append("\",\"score\":").append(random.nextInt(1000) / 1000.0).append(",\"tags\":[\"")
                    .append(IDENTS[random.nextInt(IDENTS.length)]).append("\",\"").append(IDENTS[random.nextInt(IDENTS.length)])
                    .append("\"],\"active\":").append(random.nextBoolean()).append("},\n");
        }
        return out.append("{}]}").toString();
    }

    /** @param counters offsets of each message's counter digits */
    record Body(byte[] bytes, int[] counters) {
    }
}
