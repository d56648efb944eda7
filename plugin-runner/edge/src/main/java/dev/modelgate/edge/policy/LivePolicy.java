package dev.modelgate.edge.policy;

import dev.modelgate.policy.eval.CompiledPolicy;
import dev.modelgate.policy.request.RequestParser;

/**
 * A policy ready to serve: compiled, with the hash that binds decisions to it and the request parser
 * its settings call for.
 *
 * @param generation counts successful loads of the same files, from 1 (logs and tests can tell reloads apart)
 */
public record LivePolicy(CompiledPolicy compiled, String hash, RequestParser parser, long generation) {
}
