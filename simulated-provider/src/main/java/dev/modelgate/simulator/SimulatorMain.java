package dev.modelgate.simulator;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar modelgate-simulated-provider.jar [--port 18080] [--api-key KEY]}: runs until stopped. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = 18080;
        Optional<String> key = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--api-key" -> key = Optional.of(args[++i]);
                default -> {
                    System.err.println("usage: [--port N] [--api-key KEY]");
                    System.exit(2);
                }
            }
        }
        SimulatedProvider simulator = SimulatedProvider.start(port, key);
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            done.countDown();
        }));
        System.out.println("simulated provider listening on " + simulator.baseUrl()
                + " (OpenAI, Anthropic /v1/messages; Gemini " + simulator.rootUrl() + "/v1beta/models/M:generateContent;"
                + " Azure " + simulator.rootUrl() + "/openai/deployments/D/chat/completions?api-version=V)"
                + " (faults: POST /_sim/faults {\"fault\":{\"type\":\"status\",\"status\":503},\"times\":1,\"model\":\"sim-chat\"})");
        done.await();
    }
}
