package dev.modelgate.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Optional;

/**
 * One provider wire format on the simulator: which paths it owns, how it checks keys and required headers,
 * which model a request is for (faults match on it), its error shape, and its answers.
 */
interface Dialect {

    boolean serves(String path);

    /** Checks what needs no body (key, version header or query); empty when the request may go on. */
    Optional<Refusal> admit(HttpExchange exchange);

    /** Checks the parsed request (required fields, known operation); empty when it may go on. */
    default Optional<Refusal> validate(Call call) {
        return Optional.empty();
    }

    /** The model name armed faults are matched against. */
    String model(Call call);

    /** An error body in this format's shape. */
    byte[] error(int status, String message);

    /** The error body a {@code status} fault answers with. */
    default byte[] failure(Fault.Status fault) {
        return error(fault.status(), "Simulated failure " + fault.status());
    }

    /** Answers normally; {@code fault} is null or one that acts inside the answer (streams, format-specific). */
    void answer(Call call, Fault fault) throws IOException;
}
