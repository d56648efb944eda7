package dev.modelgate.runner.apisix;

import dev.modelgate.edge.EdgeSettings;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Route configurations ({@code ext-plugin-*-req.conf[].value}) parsed once per distinct text: APISIX
 * sends the same text with every PrepareConf of a route. A bad configuration is logged once and
 * answered with a 500 on every request of that route, in OpenAI's error shape.
 */
@Component
public class RouteSettings {

    private static final System.Logger LOG = System.getLogger(RouteSettings.class.getName());
    /** Routes are few; a bound stops a client of the admin API from growing this without end. */
    private static final int MAX_ENTRIES = 4096;

    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    /** @throws IllegalArgumentException with what to fix */
    public EdgeSettings of(String json) {
        String key = json == null ? "" : json;
        Object known = parsed.get(key);
        if (known == null) {
            if (parsed.size() >= MAX_ENTRIES) {
                parsed.clear();
            }
            try {
                known = EdgeSettings.parse(json);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.ERROR, "Modelgate route configuration refused: " + e.getMessage());
                known = e;
            }
            parsed.put(key, known);
        }
        if (known instanceof IllegalArgumentException e) {
            throw e;
        }
        return (EdgeSettings) known;
    }
}
