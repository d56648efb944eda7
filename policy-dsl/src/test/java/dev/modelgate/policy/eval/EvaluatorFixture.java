package dev.modelgate.policy.eval;

import dev.modelgate.policy.load.EnvInterpolator;
import dev.modelgate.policy.load.PolicyLoader;
import dev.modelgate.policy.load.PolicySource;
import dev.modelgate.policy.request.Endpoint;
import dev.modelgate.policy.request.ParsedRequest;
import dev.modelgate.policy.request.RequestLimits;
import dev.modelgate.policy.request.RequestParser;
import dev.modelgate.policy.routing.LiveStats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/** Builds evaluators over real policies with a clock the test moves. */
final class EvaluatorFixture {

    static final Path ENTERPRISE = Path.of("..", "sample-configs", "policies", "enterprise");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T10:00:00Z"));
    final LiveStats stats = new LiveStats();
    final PolicyEvaluator evaluator = PolicyEvaluators.inProcess(stats, clock);
    final RequestParser parser = new RequestParser(RequestLimits.defaults());

    static CompiledPolicy enterprise() {
        try {
            return CompiledPolicy.of(new PolicyLoader(new EnvInterpolator(n -> null)).loadFiles(List.of(ENTERPRISE)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CompiledPolicy policy(String yaml) {
        try {
            return CompiledPolicy.of(new PolicyLoader(new EnvInterpolator(n -> null))
                    .load(List.of(new PolicySource("test.yaml", yaml.getBytes(StandardCharsets.UTF_8)))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ParsedRequest chat(String json) {
        try {
            return parser.parse(Endpoint.CHAT_COMPLETIONS, "application/json", json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    ParsedRequest chat(String model, String userText) {
        return chat("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(userText) + "}]}");
    }

    /** A Responses API request, parsed as the edge and the relay parse it. */
    ParsedRequest responses(String json) {
        try {
            return parser.parse(Endpoint.RESPONSES, "application/json", json.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
