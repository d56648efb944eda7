package dev.modelgate.relay.providers;

import java.io.InputStream;

/**
 * Either an OpenAI-shaped answer still to be read (a stream, for SSE) with its content type, or why the
 * call failed. Most answers are JSON; speech is audio and a transcript may be plain text or subtitles.
 */
public record CallResult(InputStream answer, String contentType, UpstreamFailure failure) {

    public static CallResult ok(InputStream answer) {
        return new CallResult(answer, "application/json", null);
    }

    public static CallResult ok(InputStream answer, String contentType) {
        return new CallResult(answer, contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType, null);
    }

    public static CallResult failed(UpstreamFailure failure) {
        return new CallResult(null, null, failure);
    }

    public boolean ok() {
        return answer != null;
    }
}
