package dev.modelgate.simulator;

import java.util.Optional;

/**
 * The API key the simulator was started with, if any. Every format brings the key in its own header and answers
 * a bad one in its own words, but what counts as bad is the same everywhere, so it is decided here once.
 */
record ExpectedKey(Optional<String> value) {

    enum Problem { MISSING, WRONG }

    /** What is wrong with the key a request brought (null when it brought none); empty when no key is configured or it matches. */
    Optional<Problem> check(String presented) {
        if (value.isEmpty() || value.get().equals(presented)) {
            return Optional.empty();
        }
        return Optional.of(presented == null ? Problem.MISSING : Problem.WRONG);
    }
}
