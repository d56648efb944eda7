package dev.modelgate.policy.request;

import java.util.Optional;

/** The OpenAI-compatible endpoints whose bodies the policy evaluator understands. */
public enum Endpoint {
    CHAT_COMPLETIONS("/v1/chat/completions"),
    /** OpenAI's Responses API (Codex, the Agents SDK): a conversation as typed items, answered with text. */
    RESPONSES("/v1/responses"),
    COMPLETIONS("/v1/completions"),
    EMBEDDINGS("/v1/embeddings"),
    IMAGES_GENERATIONS("/v1/images/generations"),
    AUDIO_TRANSCRIPTIONS("/v1/audio/transcriptions"),
    AUDIO_SPEECH("/v1/audio/speech");

    private static final Endpoint[] ALL = values();

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    /**
     * Whether the endpoint generates text in a conversation (chat, completions, responses): routed to chat-capable
     * deployments, reserved for a default answer length when the request names none.
     */
    public boolean generatesText() {
        return this == CHAT_COMPLETIONS || this == COMPLETIONS || this == RESPONSES;
    }

    /**
     * Maps a request path to an endpoint. Gateways hand over the raw request target, so a query string
     * and a trailing slash are tolerated; anything else must match exactly (no prefix guessing, which
     * would let "/v1/chat/completions-admin" pass as chat).
     */
    public static Optional<Endpoint> fromPath(String rawPath) {
        if (rawPath == null) {
            return Optional.empty();
        }
        int end = pathLength(rawPath);
        for (Endpoint e : ALL) {
            if (e.path.length() == end && rawPath.startsWith(e.path)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The length of a raw request target's path: without its query, fragment and one trailing slash. */
    static int pathLength(String rawPath) {
        int end = rawPath.indexOf('?');
        if (end < 0) {
            end = rawPath.length();
        }
        int hash = rawPath.indexOf('#');
        if (hash >= 0 && hash < end) {
            end = hash;
        }
        if (end > 1 && rawPath.charAt(end - 1) == '/') {
            end--;
        }
        return end;
    }
}
