package dev.modelgate.runner.apisix;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;

/**
 * The Modelgate plugin runner for APISIX: the APISIX Java Plugin Runner's core (socket server, protocol,
 * conf cache) with the Modelgate filter. APISIX starts it through {@code ext-plugin.cmd} and passes the
 * socket in {@code APISIX_LISTEN_ADDRESS}. The core's own server bean is replaced by
 * {@link ModelgateSocketServer}, which reads request bodies in one copy.
 */
@Configuration
@EnableAutoConfiguration
@ComponentScan(basePackages = {"dev.modelgate.runner.apisix", "org.apache.apisix.plugin.runner"},
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
                pattern = "org\\.apache\\.apisix\\.plugin\\.runner\\.server\\.ApplicationRunner"))
public class ModelgateRunner {

    public static void main(String[] args) {
        // One log: the edge logs through the JDK's System.Logger, which this routes into Log4j with the core's lines.
        System.setProperty("java.util.logging.manager", "org.apache.logging.log4j.jul.LogManager");
        new SpringApplicationBuilder(ModelgateRunner.class).web(WebApplicationType.NONE).run(args);
    }
}
