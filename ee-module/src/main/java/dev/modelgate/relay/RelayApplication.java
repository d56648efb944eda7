package dev.modelgate.relay;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The relay's REST application: OpenAI-compatible endpoints at the root, like the API it stands in for. */
@ApplicationPath("/")
public class RelayApplication extends Application {
}
