package dev.modelgate.runner.apisix.harness;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What the runner answered to one HTTPReqCall, decoded as APISIX would.
 *
 * @param action         "stop", "rewrite", "none" or "err"
 * @param status         the stop's status (0 otherwise)
 * @param headers        stop: response headers; rewrite: request headers to set (a null value deletes the header)
 * @param body           the stop's body
 * @param errCode        the Err code when action is "err"
 * @param extraInfoAsked how many ExtraInfo round trips the runner asked for
 */
public record A6Answer(String action, int status, Map<String, String> headers, byte[] body, int errCode, int extraInfoAsked) {

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isStop() {
        return action.equals("stop");
    }

    public boolean isRewrite() {
        return action.equals("rewrite");
    }
}
