package dev.modelgate.relay.providers;

import java.io.InputStream;

/** Either an OpenAI-shaped answer still to be read (a stream, for SSE), or why the call failed. */
public record CallResult(InputStream answer, UpstreamFailure failure) {

    public static CallResult ok(InputStream answer) {
        return new CallResult(answer, null);
    }

    public static CallResult failed(UpstreamFailure failure) {
        return new CallResult(null, failure);
    }

    public boolean ok() {
        return answer != null;
    }
}
