package dev.modelgate.runner.apisix;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The Modelgate plugin runner for APISIX: the APISIX Java Plugin Runner's core (socket server, protocol,
 * conf cache) with the Modelgate filter. APISIX starts it through {@code ext-plugin.cmd} and passes the
 * socket in {@code APISIX_LISTEN_ADDRESS}.
 */
@SpringBootApplication(scanBasePackages = {"dev.modelgate.runner.apisix", "org.apache.apisix.plugin.runner"})
public class ModelgateRunner {

    public static void main(String[] args) {
        // One log: the edge logs through the JDK's System.Logger, which this routes into Log4j with the core's lines.
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        new SpringApplicationBuilder(ModelgateRunner.class).web(WebApplicationType.NONE).run(args);
    }
}
