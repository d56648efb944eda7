package dev.modelgate.runner.kong;

import dev.modelgate.runner.kong.plugin.PluginDescription;
import dev.modelgate.runner.kong.plugin.ModelgateAccess;
import dev.modelgate.edge.EdgeOptions;
import dev.modelgate.edge.EdgeRuntime;
import dev.modelgate.runner.kong.server.PluginServer;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * {@code java -jar modelgate-kong.jar}: the Modelgate plugin server that Kong starts through
 * {@code pluginserver_modelgate_start_cmd}.
 *
 * <pre>
 *   -dump               print the plugin description Kong's query command expects, and exit
 *   -kong-prefix DIR    serve DIR/modelgate.socket (Kong's convention)
 *   -socket PATH        serve PATH
 *   -env-file PATH      read NAME=value settings from PATH (the environment wins); keeps the HMAC secret out of kong.conf
 * </pre>
 * Without either option the socket is {@code MODELGATE_KONG_SOCKET}, else Kong's default
 * {@code /usr/local/kong/modelgate.socket}. Process settings come from the same environment variables as the
 * APISIX runner ({@link EdgeOptions#fromEnvironment}); {@code MODELGATE_SOCKET_MODE} sets the socket's
 * permissions (default {@code rw-rw----}).
 */
public final class KongPluginServer {

    private KongPluginServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // One line per record: Kong copies each line of our output into its error log with a prefix.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        PluginDescription plugin = PluginDescription.load();
        Path socket = null;
        Function<String, String> env = System::getenv;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-dump", "--dump" -> {
                    System.out.print(plugin.dump());
                    return;
                }
                case "-kong-prefix", "--kong-prefix" -> socket = Path.of(value(args, ++i)).resolve(plugin.name() + ".socket");
                case "-socket", "--socket" -> socket = Path.of(value(args, ++i));
                case "-env-file", "--env-file" -> env = envFile(Path.of(value(args, ++i)));
                default -> usage("unknown option '" + args[i] + "'");
            }
        }
        if (socket == null) {
            String configured = env.apply("MODELGATE_KONG_SOCKET");
            socket = Path.of(configured != null && !configured.isBlank() ? configured : "/usr/local/kong/" + plugin.name() + ".socket");
        }
        EdgeOptions options;
        try {
            options = EdgeOptions.fromEnvironment(env, true);
        } catch (IllegalStateException e) {
            System.err.println("modelgate-kong: " + e.getMessage());
            System.exit(1);
            return;
        }
        String mode = env.apply("MODELGATE_SOCKET_MODE");
        mode = mode == null || mode.isBlank() ? "rw-rw----" : mode;
        EdgeRuntime runtime = new EdgeRuntime(options, env.apply("MODELGATE_METRICS_ADDRESS"));
        PluginServer server = new PluginServer(socket, PosixFilePermissions.fromString(mode), plugin,
                new ModelgateAccess(runtime.gate()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            runtime.close();
            stopped.countDown();
        }, "modelgate-kong-stop"));
        stopped.await();
    }

    private static Function<String, String> envFile(Path file) {
        try {
            return EnvFile.over(file, System::getenv);
        } catch (IOException | IllegalStateException e) {
            System.err.println("modelgate-kong: cannot read the settings file: " + e.getMessage());
            System.exit(1);
            return null;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("modelgate-kong: " + problem);
        System.err.println("usage: java -jar modelgate-kong.jar [-dump | -kong-prefix DIR | -socket PATH] [-env-file PATH]");
        System.exit(2);
    }
}
